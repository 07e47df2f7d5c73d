//! The Python front end (tree-sitter's Python grammar): every `dict` literal (or
//! `dict(...)` call) that is a template, with the static edits of the same block
//! (`t["buttons"] = [...]`, `t.update({...})`, `t["buttons"].append(...)`) applied and
//! the others reported. f-strings and `+` make run-time text.

use std::collections::HashMap;
use std::rc::Rc;

use tree_sitter::{Node, Parser};

use super::found::{
    Budget, Edit, Found, Limit, Member, Part, Shape, Step, apply, concat, constant, from_parts,
    merge, set_member,
};
use super::uses::Uses;
use super::{
    Finds, Root, changed_constant_problem, edit_problem, late_edit_problem, too_deep,
    too_deep_problem, unfollowable,
};
use crate::code::Code;
use crate::diagnostic::Problem;
use crate::span::Span;

/// How deep the syntax tree is walked looking for templates.
const MAX_WALK: usize = 400;

/// Every template in a Python file.
pub(crate) fn find(text: &str) -> Finds {
    if let Some(at) = too_deep(text) {
        return Finds::failed(too_deep_problem(at));
    }
    let mut parser = Parser::new();
    if parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .is_err()
    {
        return Finds::failed(Problem::new(
            Code::ImportCodeSyntax,
            "the Python grammar could not be loaded",
        ));
    }
    let Some(tree) = parser.parse(text, None) else {
        return Finds::failed(Problem::new(
            Code::ImportCodeSyntax,
            "the file could not be parsed",
        ));
    };
    let root = tree.root_node();
    if root.has_error() {
        let mut problems = Vec::new();
        first_errors(root, &mut problems, 0);
        if problems.is_empty() {
            problems.push(
                Problem::new(Code::ImportCodeSyntax, "the code does not parse")
                    .at(Span::new(0, 0), "somewhere in this file")
                    .help("fix the syntax (the file must run as it is), then import again"),
            );
        }
        return Finds {
            roots: Vec::new(),
            problems,
        };
    }
    let mut file = File {
        text,
        consts: HashMap::new(),
        changed: HashMap::new(),
        budget: Budget::for_text(text),
        blocks: HashMap::new(),
        roots: Vec::new(),
        problems: Vec::new(),
    };
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut assigned: HashMap<&str, Node<'_>> = HashMap::new();
    bindings(root, text, &mut counts, &mut assigned, 0);
    file.consts = assigned
        .into_iter()
        .filter(|(name, _)| counts.get(name) == Some(&1))
        .collect();
    let mut changes = Vec::new();
    file.changes(root, &mut changes, 0);
    // Changes to what a name holds (its one assignment is where it is defined).
    for (name, at, _) in changes.into_iter().filter(|(_, _, whole)| !whole) {
        file.changed.entry(name).or_insert(at);
    }
    file.walk(root, &mut Vec::new(), 0);
    let mut used = Vec::new();
    for index in 0..file.roots.len() {
        used.extend(file.edits(index));
    }
    let roots = file
        .roots
        .into_iter()
        .filter(|root| root.binding.as_ref().is_none_or(|b| !used.contains(b)))
        .map(|root| root.root)
        .collect();
    Finds {
        roots,
        problems: file.problems,
    }
}

fn first_errors(node: Node<'_>, problems: &mut Vec<Problem>, depth: usize) {
    if problems.len() >= 5 || depth > MAX_WALK || !node.has_error() {
        return;
    }
    if node.is_error() || node.is_missing() {
        let what = if node.is_missing() {
            format!("the code does not parse: `{}` is missing", node.kind())
        } else {
            "the code does not parse".to_owned()
        };
        problems.push(
            Problem::new(Code::ImportCodeSyntax, what)
                .at(Span::new(node.start_byte(), node.end_byte()), "here")
                .help("fix the syntax (the file must run as it is), then import again"),
        );
        return;
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        first_errors(child, problems, depth + 1);
    }
}

fn at(node: Node<'_>) -> Span {
    Span::new(node.start_byte(), node.end_byte())
}

/// Counts the names each binding form binds, and keeps plain `name = value` ones.
fn bindings<'t>(
    node: Node<'t>,
    text: &'t str,
    counts: &mut HashMap<&'t str, usize>,
    assigned: &mut HashMap<&'t str, Node<'t>>,
    depth: usize,
) {
    if depth > MAX_WALK {
        return;
    }
    let target = match node.kind() {
        "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => {
            node.child_by_field_name("left")
        }
        "named_expression" | "function_definition" | "class_definition" => {
            node.child_by_field_name("name")
        }
        "parameters" | "lambda_parameters" | "as_pattern_target" | "dotted_name"
        | "aliased_import" => Some(node),
        _ => None,
    };
    if let Some(target) = target {
        count_names(target, text, counts, 0);
        if node.kind() == "assignment"
            && target.kind() == "identifier"
            && let Some(value) = node.child_by_field_name("right")
        {
            assigned.insert(&text[target.byte_range()], value);
        }
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        bindings(child, text, counts, assigned, depth + 1);
    }
}

fn count_names<'t>(
    node: Node<'t>,
    text: &'t str,
    counts: &mut HashMap<&'t str, usize>,
    depth: usize,
) {
    if depth > MAX_WALK {
        return;
    }
    if node.kind() == "identifier" {
        *counts.entry(&text[node.byte_range()]).or_default() += 1;
        return;
    }
    // `t["a"] = ...` and `t.a = ...` change `t`; they do not bind it.
    if matches!(node.kind(), "subscript" | "attribute") {
        return;
    }
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        count_names(child, text, counts, depth + 1);
    }
}

/// The statements of a block that declares roots, with what each reads and changes.
struct Block<'t> {
    siblings: Vec<Node<'t>>,
    /// Each statement's place, by node id.
    positions: HashMap<usize, usize>,
    uses: Uses,
}

impl<'t> Block<'t> {
    fn of(file: &File<'t>, block: Node<'t>) -> Self {
        let mut cursor = block.walk();
        let siblings: Vec<Node<'t>> = block.named_children(&mut cursor).collect();
        let positions = siblings
            .iter()
            .enumerate()
            .map(|(position, sibling)| (sibling.id(), position))
            .collect();
        let uses = Uses::new(
            siblings
                .iter()
                .map(|sibling| {
                    let mut references = HashMap::new();
                    file.references(*sibling, &mut references, 0);
                    let mut changes = Vec::new();
                    file.changes(*sibling, &mut changes, 0);
                    let changes = changes
                        .into_iter()
                        .map(|(name, at, whole)| (name.to_owned(), at, whole))
                        .collect();
                    (references, changes)
                })
                .collect(),
        );
        Block {
            siblings,
            positions,
            uses,
        }
    }

    fn position(&self, statement: Node<'_>) -> usize {
        self.positions.get(&statement.id()).copied().unwrap_or(0)
    }
}

/// A root while its edits are still to be read.
struct Draft<'t> {
    root: Root,
    /// The local variable it is assigned to, whose later changes are edits.
    binding: Option<String>,
    /// The statement that assigns it (`t = {...}`): the edits are looked for after it.
    statement: Option<Node<'t>>,
    /// The constants its value spreads in.
    used: Vec<String>,
}

struct File<'t> {
    text: &'t str,
    /// Names bound once in the file, with the value they are assigned.
    consts: HashMap<&'t str, Node<'t>>,
    /// Where each variable the file changes is first changed.
    changed: HashMap<&'t str, Span>,
    /// What the reads of the file may still spend.
    budget: Budget,
    /// The blocks that declare roots, read once each, by node id.
    blocks: HashMap<usize, Rc<Block<'t>>>,
    roots: Vec<Draft<'t>>,
    /// Reads cut short in values that may or may not be templates.
    problems: Vec<Problem>,
}

impl<'t> File<'t> {
    fn source(&self, node: Node<'_>) -> &'t str {
        &self.text[node.byte_range()]
    }

    /// Walks the tree; `functions` holds the names of the functions around the node.
    fn walk(&mut self, node: Node<'t>, functions: &mut Vec<String>, depth: usize) {
        if depth > MAX_WALK {
            return;
        }
        if self.might_be_template(node) && self.found(node, functions) {
            return;
        }
        let function = node.kind() == "function_definition";
        if function {
            let name = node
                .child_by_field_name("name")
                .map(|name| self.source(name).to_owned())
                .unwrap_or_default();
            functions.push(name);
        }
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            self.walk(child, functions, depth + 1);
        }
        if function {
            functions.pop();
        }
    }

    /// Whether a dictionary or `dict(...)` has a template-type key, or a splat that may
    /// give one.
    fn might_be_template(&self, node: Node<'_>) -> bool {
        self.keys_say_template(node, true)
    }

    /// Whether a dictionary or `dict(...)` has a template-type key written in it.
    fn has_type_key(&self, node: Node<'_>) -> bool {
        self.keys_say_template(node, false)
    }

    fn keys_say_template(&self, node: Node<'_>, splat: bool) -> bool {
        let keyed = |key: &str| matches!(key, "object_type" | "objectType");
        let mut cursor = node.walk();
        match node.kind() {
            "dictionary" => node
                .named_children(&mut cursor)
                .any(|child| match child.kind() {
                    "pair" => child
                        .child_by_field_name("key")
                        .and_then(|key| plain_string(key, self.text))
                        .is_some_and(|key| keyed(&key)),
                    "dictionary_splat" => splat,
                    _ => false,
                }),
            "call" => {
                node.child_by_field_name("function")
                    .is_some_and(|f| self.source(f) == "dict")
                    && node
                        .child_by_field_name("arguments")
                        .is_some_and(|arguments| {
                            let mut cursor = arguments.walk();
                            arguments.named_children(&mut cursor).any(|argument| {
                                (splat && argument.kind() == "dictionary_splat")
                                    || argument
                                        .child_by_field_name("name")
                                        .is_some_and(|name| keyed(self.source(name)))
                            })
                        })
            }
            _ => false,
        }
    }

    /// Reads a candidate; `true` when it is a template (its inside is then not walked).
    fn found(&mut self, node: Node<'t>, functions: &[String]) -> bool {
        let mut reader = Reader {
            file: self,
            problems: Vec::new(),
            used: Vec::new(),
            limit: Limit::new(&self.budget),
        };
        let value = reader.value(node, 0);
        let cut = reader.limit.cut();
        let (problems, used) = (reader.problems, reader.used);
        if cut && !self.has_type_key(node) {
            // Whether it is a template is not known: say where reading stopped.
            self.problems.extend(problems);
            return false;
        }
        if !cut && !value.is_template() {
            return false;
        }
        let mut parent = node.parent();
        while let Some(p) = parent.filter(|p| p.kind() == "parenthesized_expression") {
            parent = p.parent();
        }
        let (mut name, mut binding, mut statement) = (None, None, None);
        if let Some(parent) = parent {
            match parent.kind() {
                "assignment" => {
                    if let Some(left) = parent.child_by_field_name("left") {
                        match left.kind() {
                            "identifier" => {
                                name = Some(self.source(left).to_owned());
                                binding.clone_from(&name);
                                statement = parent
                                    .parent()
                                    .filter(|s| s.kind() == "expression_statement");
                            }
                            "attribute" => {
                                name = left
                                    .child_by_field_name("attribute")
                                    .map(|a| self.source(a).to_owned());
                            }
                            "subscript" => {
                                name = left
                                    .child_by_field_name("subscript")
                                    .and_then(|key| plain_string(key, self.text));
                            }
                            _ => {}
                        }
                    }
                }
                "pair" => {
                    name = parent
                        .child_by_field_name("key")
                        .and_then(|key| plain_string(key, self.text));
                }
                "keyword_argument" => {
                    name = parent
                        .child_by_field_name("name")
                        .map(|n| self.source(n).to_owned());
                }
                _ => {}
            }
        }
        self.roots.push(Draft {
            root: Root {
                name,
                function: functions.last().cloned(),
                span: at(node),
                value,
                problems,
                cut,
            },
            binding,
            statement,
            used,
        });
        true
    }

    /// Applies or reports the changes the statements around a root's assignment make to
    /// its variable; gives the constants its edits spread in.
    fn edits(&mut self, index: usize) -> Vec<String> {
        let (Some(statement), Some(name)) = (
            self.roots[index].statement,
            self.roots[index].binding.clone(),
        ) else {
            return std::mem::take(&mut self.roots[index].used);
        };
        let Some(block) = statement.parent() else {
            return Vec::new();
        };
        if !self.blocks.contains_key(&block.id()) {
            let read = Rc::new(Block::of(self, block));
            self.blocks.insert(block.id(), read);
        }
        let block = Rc::clone(&self.blocks[&block.id()]);
        let mut problems = Vec::new();
        let mut reader_problems = Vec::new();
        let mut used = std::mem::take(&mut self.roots[index].used);
        let declared_at = block.position(statement);
        // A change before: the variable is not the template's alone (the nearest says so).
        if let Some((span, reassigned)) = block.uses.last_change_before(declared_at, &name) {
            problems.push(edit_problem(
                &name,
                span,
                "before the template is made",
                reassigned,
            ));
        }
        // Where the template is first used (sent, passed, printed): a change after that
        // may not be in what the code sends.
        let mut first_use = None;
        for &position in block
            .uses
            .mentions(&name)
            .iter()
            .filter(|&&p| p > declared_at)
        {
            let sibling = block.siblings[position];
            if sibling.kind() == "expression_statement" {
                let mut reader = Reader {
                    file: self,
                    problems: Vec::new(),
                    used: Vec::new(),
                    limit: Limit::new(&self.budget),
                };
                let edit = sibling
                    .named_child(0)
                    .and_then(|expression| reader.static_edit(expression, &name));
                let cut = reader.limit.cut();
                let (more_problems, more_used) = (reader.problems, reader.used);
                if let Some((steps, new, kind)) = edit {
                    self.roots[index].root.cut |= cut;
                    reader_problems.extend(more_problems);
                    used.extend(more_used);
                    if let Err(problem) = apply(
                        &mut self.roots[index].root.value,
                        &steps,
                        new,
                        at(sibling),
                        kind,
                    ) {
                        problems.push(problem);
                    } else if let Some(used) = first_use {
                        problems.push(late_edit_problem(&name, at(sibling), used));
                    }
                    continue;
                }
            }
            if first_use.is_none() {
                first_use = block.uses.first_reference(position, &name);
            }
            let mut reassigned_here = false;
            for (span, reassigned) in block.uses.changes(position, &name) {
                problems.push(edit_problem(&name, span, context_of(sibling), reassigned));
                reassigned_here |= reassigned;
            }
            if reassigned_here {
                // Past this the variable may hold another value: what follows is not
                // about this template.
                break;
            }
        }
        let root = &mut self.roots[index].root;
        root.problems.extend(reader_problems);
        root.problems.extend(problems);
        used
    }

    /// Every change to a variable inside a statement (or the whole file): the variable,
    /// where, and whether it is assigned itself.
    fn changes(&self, node: Node<'_>, found: &mut Vec<(&'t str, Span, bool)>, depth: usize) {
        if depth > MAX_WALK {
            return;
        }
        match node.kind() {
            "assignment" | "augmented_assignment" => {
                if let Some(left) = node.child_by_field_name("left")
                    && let Some(root) = self.chain_root(left)
                {
                    found.push((root, at(node), left.kind() == "identifier"));
                }
            }
            "delete_statement" => {
                let mut cursor = node.walk();
                let roots: Vec<&'t str> = node
                    .named_children(&mut cursor)
                    .filter(|target| target.kind() != "identifier")
                    .filter_map(|target| self.chain_root(target))
                    .collect();
                found.extend(roots.into_iter().map(|root| (root, at(node), false)));
            }
            "call" => {
                if let Some(function) = node.child_by_field_name("function")
                    && function.kind() == "attribute"
                    && let (Some(object), Some(method)) = (
                        function.child_by_field_name("object"),
                        function.child_by_field_name("attribute"),
                    )
                    && matches!(
                        self.source(method),
                        "update"
                            | "append"
                            | "extend"
                            | "insert"
                            | "pop"
                            | "popitem"
                            | "setdefault"
                            | "clear"
                            | "remove"
                            | "sort"
                            | "reverse"
                    )
                    && let Some(root) = self.chain_root(object)
                {
                    found.push((root, at(node), false));
                }
            }
            _ => {}
        }
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            self.changes(child, found, depth + 1);
        }
    }

    /// The first place `node` reads each variable (an attribute's or a keyword
    /// argument's own name is not a variable).
    fn references(&self, node: Node<'_>, first: &mut HashMap<String, Span>, depth: usize) {
        if depth > MAX_WALK {
            return;
        }
        if node.kind() == "identifier" {
            let name = self.source(node);
            if !first.contains_key(name) {
                first.insert(name.to_owned(), at(node));
            }
            return;
        }
        let skipped = match node.kind() {
            "attribute" => node.child_by_field_name("attribute"),
            "keyword_argument" => node.child_by_field_name("name"),
            _ => None,
        };
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            if Some(child) != skipped {
                self.references(child, first, depth + 1);
            }
        }
    }

    /// The variable a subscript or attribute chain starts from.
    fn chain_root(&self, node: Node<'_>) -> Option<&'t str> {
        match node.kind() {
            "identifier" => Some(self.source(node)),
            "subscript" => self.chain_root(node.child_by_field_name("value")?),
            "attribute" => self.chain_root(node.child_by_field_name("object")?),
            "parenthesized_expression" => self.chain_root(node.named_child(0)?),
            _ => None,
        }
    }
}

/// What a statement that changes the template out of straight-line order is.
fn context_of(statement: Node<'_>) -> &'static str {
    match statement.kind() {
        "if_statement" | "match_statement" => "under a condition",
        "for_statement" | "while_statement" => "in a loop",
        "try_statement" => "in a `try` block",
        "with_statement" => "in a `with` block",
        "function_definition" | "class_definition" | "decorated_definition" => {
            "in another function"
        }
        _ => "in code import cannot follow",
    }
}

struct Reader<'f, 't> {
    file: &'f File<'t>,
    problems: Vec<Problem>,
    used: Vec<String>,
    limit: Limit<'f>,
}

impl<'t> Reader<'_, 't> {
    fn source(&self, node: Node<'_>) -> &'t str {
        self.file.source(node)
    }

    fn cannot(&mut self, node: Node<'_>, what: &str, help: &str) -> Found {
        self.problems.push(unfollowable(at(node), what, help));
        Found::new(at(node), Shape::Null)
    }

    fn value(&mut self, node: Node<'t>, depth: usize) -> Found {
        let span = at(node);
        if let Err(problem) = self.limit.take(depth, span) {
            self.problems.extend(problem);
            return Found::new(span, Shape::Null);
        }
        match node.kind() {
            "parenthesized_expression" => match node.named_child(0) {
                Some(inner) => Found {
                    span,
                    ..self.value(inner, depth + 1)
                },
                None => self.cannot(node, "an empty expression", "give a value"),
            },
            "string" => from_parts(self.string(node), span),
            "concatenated_string" => {
                let mut parts = Vec::new();
                let mut cursor = node.walk();
                let pieces: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
                for piece in pieces {
                    parts = concat(parts, self.string(piece));
                }
                from_parts(parts, span)
            }
            "integer" => {
                let written = self.source(node).replace('_', "");
                match written.parse::<i64>() {
                    Ok(n) => Found::new(span, Shape::Number(n.into())),
                    Err(_) => self.cannot(
                        node,
                        "ktpl reads decimal integers that fit in 64 bits",
                        "write the number in decimal",
                    ),
                }
            }
            "float" => {
                let written = self.source(node).replace('_', "");
                match written
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                {
                    Some(n) => Found::new(span, Shape::Number(n)),
                    None => {
                        self.cannot(node, "not a number JSON can carry", "write a finite number")
                    }
                }
            }
            "unary_operator" => {
                let operand = node.child_by_field_name("argument");
                let negative = node
                    .child_by_field_name("operator")
                    .is_some_and(|o| self.source(o) == "-");
                match operand.map(|o| self.value(o, depth + 1)) {
                    Some(Found {
                        value: Shape::Number(n),
                        ..
                    }) if negative => {
                        let text = format!("-{n}");
                        match serde_json::from_str::<serde_json::Number>(&text) {
                            Ok(n) => Found::new(span, Shape::Number(n)),
                            Err(_) => Found::expression(self.source(node), span),
                        }
                    }
                    _ => Found::expression(self.source(node), span),
                }
            }
            "true" => Found::new(span, Shape::Bool(true)),
            "false" => Found::new(span, Shape::Bool(false)),
            "none" => Found::new(span, Shape::Null),
            "dictionary" => self.dictionary(node, depth),
            "call"
                if node
                    .child_by_field_name("function")
                    .is_some_and(|f| self.source(f) == "dict") =>
            {
                self.dict_call(node, depth)
            }
            "list" | "tuple" => {
                let mut items = Vec::new();
                let mut cursor = node.walk();
                let children: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
                for child in children {
                    if child.kind() == "comment" {
                        continue;
                    }
                    if child.kind() == "list_splat" {
                        match child
                            .named_child(0)
                            .map(|inner| self.value(inner, depth + 1))
                        {
                            Some(Found {
                                value: Shape::Array(more),
                                ..
                            }) => items.extend(more),
                            _ => {
                                self.cannot(
                                    child,
                                    &format!(
                                        "the list unpacks `{}`, which import cannot read",
                                        self.source(child)
                                    ),
                                    "unpack a list written in this file, or write the elements out",
                                );
                            }
                        }
                        continue;
                    }
                    items.push(self.value(child, depth + 1));
                }
                Found::new(span, Shape::Array(items))
            }
            "binary_operator"
                if node
                    .child_by_field_name("operator")
                    .is_some_and(|o| self.source(o) == "+") =>
            {
                let (Some(left_node), Some(right_node)) = (
                    node.child_by_field_name("left"),
                    node.child_by_field_name("right"),
                ) else {
                    return Found::expression(self.source(node), span);
                };
                let left = self.value(left_node, depth + 1);
                let right = self.value(right_node, depth + 1);
                // Python adds text to text only: one side text makes the other text too.
                if left.value.is_text() || right.value.is_text() {
                    let left = self.as_text(left, left_node);
                    let right = self.as_text(right, right_node);
                    from_parts(concat(left, right), span)
                } else {
                    Found::expression(self.source(node), span)
                }
            }
            "identifier" => {
                let name = self.source(node);
                match self.file.consts.get(name).copied() {
                    Some(value) if value != node => {
                        // Read all the same: a template built from it is still found
                        // (and not imported), and not mistaken for its base alone.
                        if let Some(changed) = self.file.changed.get(name) {
                            self.problems
                                .push(changed_constant_problem(name, span, *changed));
                        }
                        let value = self.value(value, depth + 1).value;
                        constant(name, value, span, &mut self.used)
                    }
                    _ => Found::expression(name, span),
                }
            }
            "lambda" => self.cannot(
                node,
                "a function is not a template value",
                "give the value the function returns",
            ),
            _ => Found::expression(self.source(node), span),
        }
    }

    fn as_text(&self, found: Found, node: Node<'_>) -> Vec<Part> {
        match found.value {
            Shape::Text(text) => vec![Part::Text(text)],
            Shape::Dynamic(parts) => parts,
            _ => vec![Part::Expr(self.source(node).to_owned(), at(node))],
        }
    }

    fn dictionary(&mut self, node: Node<'t>, depth: usize) -> Found {
        let mut members = Vec::new();
        let mut cursor = node.walk();
        let children: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
        for child in children {
            match child.kind() {
                "pair" => {
                    let (Some(key), Some(value)) = (
                        child.child_by_field_name("key"),
                        child.child_by_field_name("value"),
                    ) else {
                        continue;
                    };
                    let Some(name) = plain_string(key, self.file.text) else {
                        self.cannot(
                            key,
                            &format!(
                                "the key `{}` is computed when the code runs",
                                self.source(key)
                            ),
                            "write the key as a string",
                        );
                        continue;
                    };
                    let value = self.value(value, depth + 1);
                    set_member(
                        &mut members,
                        Member {
                            key: name,
                            key_span: at(key),
                            span: at(child),
                            value,
                        },
                    );
                }
                "dictionary_splat" => {
                    let inner = child.named_child(0);
                    let value = inner.map(|inner| self.value(inner, depth + 1));
                    if !value.is_some_and(|value| merge(&mut members, value)) {
                        self.cannot(
                            child,
                            &format!(
                                "the dict unpacks `{}`, whose keys import cannot see",
                                self.source(child)
                            ),
                            "unpack a dict written in this file, or write its keys out",
                        );
                    }
                }
                "comment" => {}
                _ => {
                    self.cannot(
                        child,
                        "a dict comprehension builds keys when the code runs",
                        "write the keys out",
                    );
                }
            }
        }
        Found::new(at(node), Shape::Object(members))
    }

    /// `dict(key=value, **other)`.
    fn dict_call(&mut self, node: Node<'t>, depth: usize) -> Found {
        let mut members = Vec::new();
        let Some(arguments) = node.child_by_field_name("arguments") else {
            return Found::new(at(node), Shape::Object(members));
        };
        let mut cursor = arguments.walk();
        let children: Vec<Node<'t>> = arguments.named_children(&mut cursor).collect();
        for argument in children {
            match argument.kind() {
                "keyword_argument" => {
                    let (Some(name), Some(value)) = (
                        argument.child_by_field_name("name"),
                        argument.child_by_field_name("value"),
                    ) else {
                        continue;
                    };
                    let value = self.value(value, depth + 1);
                    set_member(
                        &mut members,
                        Member {
                            key: self.source(name).to_owned(),
                            key_span: at(name),
                            span: at(argument),
                            value,
                        },
                    );
                }
                "comment" => {}
                _ => {
                    let value = if argument.kind() == "dictionary_splat" {
                        argument
                            .named_child(0)
                            .map(|inner| self.value(inner, depth + 1))
                    } else {
                        Some(self.value(argument, depth + 1))
                    };
                    if !value.is_some_and(|value| merge(&mut members, value)) {
                        self.cannot(
                            argument,
                            &format!(
                                "`dict` takes `{}`, whose keys import cannot see",
                                self.source(argument)
                            ),
                            "write the keys out",
                        );
                    }
                }
            }
        }
        Found::new(at(node), Shape::Object(members))
    }

    /// A string literal's parts: text, and the expressions of an f-string.
    fn string(&mut self, node: Node<'t>) -> Vec<Part> {
        if node.kind() != "string" {
            return vec![Part::Expr(self.source(node).to_owned(), at(node))];
        }
        let prefix: String = node
            .child(0)
            .map(|start| self.source(start))
            .unwrap_or_default()
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if prefix.contains('b') {
            self.cannot(node, "a bytes literal is not text", "write a text string");
            return Vec::new();
        }
        let raw = prefix.contains('r');
        let formatted = prefix.contains('f');
        let mut parts = Vec::new();
        let mut cursor = node.walk();
        let children: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
        for child in children {
            match child.kind() {
                "string_content" => {
                    let written = self.source(child);
                    match decode(written, raw, formatted) {
                        Ok(text) => parts.push(Part::Text(text)),
                        Err(what) => {
                            self.cannot(child, &what, "write the character itself");
                        }
                    }
                }
                "escape_sequence" => match decode(self.source(child), false, formatted) {
                    Ok(text) => parts.push(Part::Text(text)),
                    Err(what) => {
                        self.cannot(child, &what, "write the character itself");
                    }
                },
                "interpolation" => {
                    let inner = &self.source(child);
                    let expression = inner
                        .strip_prefix('{')
                        .and_then(|s| s.strip_suffix('}'))
                        .unwrap_or(inner)
                        .trim();
                    let value = child
                        .child_by_field_name("expression")
                        .filter(|_| {
                            child.child_by_field_name("format_specifier").is_none()
                                && child.child_by_field_name("type_conversion").is_none()
                        })
                        .map(|e| self.value(e, 1));
                    match value.map(|v| v.value) {
                        Some(Shape::Text(text)) => parts.push(Part::Text(text)),
                        Some(Shape::Number(n)) => parts.push(Part::Text(n.to_string())),
                        _ => parts.push(Part::Expr(expression.to_owned(), at(child))),
                    }
                }
                _ => {}
            }
        }
        parts
    }

    /// `t["a"]["b"] = v`, `t.update({...})`, `t["buttons"].append(x)`: the steps into
    /// `t`, the value, and the kind of edit.
    fn static_edit(
        &mut self,
        expression: Node<'t>,
        name: &str,
    ) -> Option<(Vec<Step>, Found, Edit)> {
        match expression.kind() {
            "assignment" => {
                let left = expression.child_by_field_name("left")?;
                let right = expression.child_by_field_name("right")?;
                if left.kind() != "subscript" {
                    return None;
                }
                let (root, steps) = self.steps(left)?;
                if root != name {
                    return None;
                }
                Some((steps, self.value(right, 1), Edit::Set))
            }
            "call" => {
                let function = expression.child_by_field_name("function")?;
                if function.kind() != "attribute" {
                    return None;
                }
                let object = function.child_by_field_name("object")?;
                let method = self.source(function.child_by_field_name("attribute")?);
                let (root, steps) = self.steps(object)?;
                if root != name {
                    return None;
                }
                let arguments = expression.child_by_field_name("arguments")?;
                let mut cursor = arguments.walk();
                let args: Vec<Node<'t>> = arguments.named_children(&mut cursor).collect();
                match method {
                    "update" => {
                        let merged = self.dict_call(expression, 1);
                        let _ = args;
                        Some((steps, merged, Edit::Merge))
                    }
                    "append" if args.len() == 1 => {
                        let item = self.value(args[0], 1);
                        Some((
                            steps,
                            Found::new(at(expression), Shape::Array(vec![item])),
                            Edit::Push,
                        ))
                    }
                    "extend" if args.len() == 1 => {
                        let items = self.value(args[0], 1);
                        Some((steps, items, Edit::Push))
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn steps(&self, node: Node<'t>) -> Option<(&'t str, Vec<Step>)> {
        match node.kind() {
            "identifier" => Some((self.source(node), Vec::new())),
            "subscript" => {
                let (root, mut steps) = self.steps(node.child_by_field_name("value")?)?;
                let key = node.child_by_field_name("subscript")?;
                if key.kind() == "integer" {
                    steps.push(Step::Index(self.source(key).parse().ok()?));
                } else {
                    steps.push(Step::Key(plain_string(key, self.file.text)?, at(key)));
                }
                Some((root, steps))
            }
            _ => None,
        }
    }
}

/// The text of a string literal with no interpolation, decoded.
fn plain_string(node: Node<'_>, text: &str) -> Option<String> {
    if node.kind() != "string" {
        return None;
    }
    let prefix: String = node
        .child(0)
        .map(|start| &text[start.byte_range()])
        .unwrap_or_default()
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if prefix.contains('b') || prefix.contains('f') {
        return None;
    }
    let mut out = String::new();
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        match child.kind() {
            "string_content" | "escape_sequence" => {
                out.push_str(
                    &decode(
                        &text[child.byte_range()],
                        prefix.contains('r') && child.kind() == "string_content",
                        false,
                    )
                    .ok()?,
                );
            }
            "interpolation" => return None,
            _ => {}
        }
    }
    Some(out)
}

/// Python's escapes in a piece of string (none in a raw string); `{{`/`}}` in an
/// f-string.
fn decode(written: &str, raw: bool, formatted: bool) -> Result<String, String> {
    let mut out = String::with_capacity(written.len());
    let mut chars = written.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' | '}' if formatted && chars.peek() == Some(&c) => {
                chars.next();
                out.push(c);
            }
            '\\' if !raw => {
                let Some(next) = chars.next() else {
                    out.push('\\');
                    break;
                };
                match next {
                    '\n' => {}
                    '\r' => {
                        if chars.peek() == Some(&'\n') {
                            chars.next();
                        }
                    }
                    '\\' | '\'' | '"' => out.push(next),
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'a' => out.push('\u{7}'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'v' => out.push('\u{b}'),
                    '0'..='7' => {
                        let mut value = next.to_digit(8).unwrap_or(0);
                        for _ in 0..2 {
                            match chars.peek().and_then(|d| d.to_digit(8)) {
                                Some(digit) => {
                                    value = value * 8 + digit;
                                    chars.next();
                                }
                                None => break,
                            }
                        }
                        out.push(char::from_u32(value).ok_or("an octal escape past Unicode")?);
                    }
                    'x' | 'u' | 'U' => {
                        let count = match next {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let digits: String = (0..count).filter_map(|_| chars.next()).collect();
                        let value = u32::from_str_radix(&digits, 16)
                            .map_err(|_| format!("`\\{next}{digits}` is not a valid escape"))?;
                        out.push(char::from_u32(value).ok_or_else(|| {
                            format!("`\\{next}{digits}` is not a character (a lone surrogate?)")
                        })?);
                    }
                    'N' => return Err("a `\\N{...}` escape (by character name)".to_owned()),
                    other => {
                        // Python keeps an unknown escape as written.
                        out.push('\\');
                        out.push(other);
                    }
                }
            }
            c => out.push(c),
        }
    }
    Ok(out)
}
