//! The JavaScript, TypeScript and JSX front end (oxc's parser): every object literal that
//! is a template, wherever it sits, read into a [`Found`] tree with the static edits the
//! same scope makes to it applied and the dynamic ones reported.
//!
//! Two walks over the syntax tree: the first finds the roots (objects with
//! `objectType`/`object_type`, with the variable or function that names them), the
//! second looks at each statement list that declares a root's variable for later
//! changes to it.

use std::collections::HashMap;

use oxc_allocator::Allocator;
use oxc_ast::AstKind;
use oxc_ast::ast::{
    ArrayExpressionElement, AssignmentOperator, AssignmentTarget, BinaryOperator, BindingPattern,
    BindingPatternKind, CallExpression, Expression, MemberExpression, ObjectExpression,
    ObjectPropertyKind, PropertyKey, PropertyKind, Statement, TemplateLiteral, UnaryOperator,
    VariableDeclarationKind,
};
use oxc_ast_visit::Visit;
use oxc_ast_visit::walk;
use oxc_parser::Parser;
use oxc_span::{GetSpan, SourceType};

use super::found::{
    Budget, Edit, Found, Limit, Member, Part, Shape, Step, apply, concat, constant, from_parts,
    js_number, merge, set_member,
};
use super::uses::Uses;
use super::{
    Finds, Root, changed_constant_problem, edit_problem, late_edit_problem, too_deep, unfollowable,
};
use crate::code::Code;
use crate::diagnostic::Problem;
use crate::span::Span;

/// The dialect a file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `.js`, `.mjs`, `.cjs`, `.jsx`.
    JavaScript,
    /// `.ts`, `.mts`, `.cts`.
    TypeScript,
    /// `.tsx`.
    Tsx,
}

/// Every template in a JavaScript or TypeScript file.
pub(crate) fn find(text: &str, dialect: Dialect) -> Finds {
    if let Some(at) = too_deep(text) {
        return Finds::failed(super::too_deep_problem(at));
    }
    let source_type = match dialect {
        // JSX is allowed in `.js` files, as React projects write them.
        Dialect::JavaScript => SourceType::jsx().with_module(true),
        Dialect::TypeScript => SourceType::ts(),
        Dialect::Tsx => SourceType::tsx(),
    };
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, text, source_type).parse();
    if parsed.panicked || !parsed.errors.is_empty() {
        // A bare object (a pasted template, `{ objectType: ... }`) is a block to a
        // JavaScript parser: read it as the expression it is meant to be.
        if text.trim_start().starts_with('{') {
            let allocator = Allocator::default();
            if let Ok(expression) = Parser::new(&allocator, text, source_type).parse_expression() {
                return find_in_expression(&expression, text);
            }
        }
        let problems = parsed
            .errors
            .iter()
            .take(5)
            .map(|error| {
                let label = error
                    .labels
                    .as_ref()
                    .and_then(|labels| labels.first())
                    .map(|label| (label.offset(), label.len()));
                syntax_problem(text, &error.message, error.help.as_deref(), label)
            })
            .collect();
        return Finds {
            roots: Vec::new(),
            problems,
        };
    }
    find_in(&parsed.program, text)
}

fn syntax_problem(
    text: &str,
    message: &str,
    help: Option<&str>,
    label: Option<(usize, usize)>,
) -> Problem {
    let span = label.map_or(Span::new(0, 0), |(offset, len)| {
        let start = crate::span::floor_char_boundary(text, offset.min(text.len()));
        let end = crate::span::floor_char_boundary(text, (offset + len).min(text.len()));
        Span::new(start, end.max(start))
    });
    Problem::new(
        Code::ImportCodeSyntax,
        format!("the code does not parse: {message}"),
    )
    .at(span, "here")
    .help(help.map_or(
        "fix the syntax (the file must build as it is), then import again".to_owned(),
        |help| format!("{help}; the file must parse as it is before import can read it"),
    ))
}

fn find_in_expression<'a>(expression: &'a Expression<'a>, text: &str) -> Finds {
    let consts = Constants::default();
    let budget = Budget::for_text(text);
    let mut finder = Finder::new(text, &consts, &budget);
    finder.visit_expression(expression);
    Finds {
        roots: finder.roots.into_iter().map(|root| root.root).collect(),
        problems: finder.problems,
    }
}

fn find_in<'a>(program: &'a oxc_ast::ast::Program<'a>, text: &str) -> Finds {
    let mut bindings = Bindings::default();
    bindings.visit_program(program);
    let mut file_changes = Changes::default();
    file_changes.visit_program(program);
    let mut changed = HashMap::new();
    // Changes to what a name holds (a `const` is never assigned again).
    for (name, at, _) in file_changes
        .found
        .into_iter()
        .filter(|(_, _, whole)| !whole)
    {
        changed.entry(name).or_insert(at);
    }
    let consts = Constants {
        values: bindings
            .consts
            .iter()
            .filter(|(name, _)| bindings.count.get(*name) == Some(&1))
            .map(|(name, init)| (*name, *init))
            .collect(),
        changed,
    };
    let budget = Budget::for_text(text);
    let mut finder = Finder::new(text, &consts, &budget);
    finder.visit_program(program);
    let (mut roots, problems) = (finder.roots, finder.problems);
    let by_declarator = roots
        .iter()
        .enumerate()
        .filter_map(|(index, root)| Some((root.declarator?, index)))
        .collect();
    let mut editor = Editor {
        text,
        consts: &consts,
        budget: &budget,
        roots: &mut roots,
        by_declarator,
    };
    editor.visit_program(program);
    // A template object kept in a variable only to be spread into the real ones (a
    // shared base) is part of them, not a template of its own.
    let spread: Vec<String> = roots
        .iter()
        .flat_map(|root| root.used.iter().cloned())
        .collect();
    let roots = roots
        .into_iter()
        .filter(|root| root.binding.as_ref().is_none_or(|b| !spread.contains(b)))
        .map(|root| root.root)
        .collect();
    Finds { roots, problems }
}

fn span(span: oxc_span::Span) -> Span {
    Span::new(span.start as usize, span.end as usize)
}

/// The names a template may read through: the `const`s bound once in the file, with
/// their initialisers, and where each variable the file changes is first changed.
#[derive(Default)]
struct Constants<'a> {
    values: HashMap<&'a str, &'a Expression<'a>>,
    changed: HashMap<String, Span>,
}

/// Names declared in the file: how often each is bound, and the `const` initialisers.
#[derive(Default)]
struct Bindings<'a> {
    count: HashMap<&'a str, usize>,
    consts: HashMap<&'a str, &'a Expression<'a>>,
}

impl<'a> Visit<'a> for Bindings<'a> {
    fn visit_binding_identifier(&mut self, it: &oxc_ast::ast::BindingIdentifier<'a>) {
        *self.count.entry(it.name.as_str()).or_default() += 1;
    }

    fn enter_node(&mut self, kind: AstKind<'a>) {
        if let AstKind::VariableDeclaration(declaration) = kind
            && declaration.kind == VariableDeclarationKind::Const
        {
            for declarator in &declaration.declarations {
                if let (BindingPatternKind::BindingIdentifier(id), Some(init)) =
                    (&declarator.id.kind, &declarator.init)
                {
                    self.consts.insert(id.name.as_str(), init);
                }
            }
        }
    }
}

/// A root while its edits are still to be read.
struct Draft {
    root: Root,
    /// The local variable it is declared as, whose later changes are edits.
    binding: Option<String>,
    /// Where that variable is declared (the edits are looked for around it).
    declarator: Option<Span>,
    /// The constants its value spreads in.
    used: Vec<String>,
}

/// Finds the template objects.
struct Finder<'a, 't> {
    text: &'t str,
    consts: &'t Constants<'a>,
    budget: &'t Budget,
    stack: Vec<AstKind<'a>>,
    /// The end of the root being walked: objects before it are inside it.
    inside_until: u32,
    roots: Vec<Draft>,
    /// Reads cut short in objects that may or may not be templates.
    problems: Vec<Problem>,
}

impl<'a, 't> Finder<'a, 't> {
    /// A finder over `text` that has found nothing yet.
    fn new(text: &'t str, consts: &'t Constants<'a>, budget: &'t Budget) -> Self {
        Finder {
            text,
            consts,
            budget,
            stack: Vec::new(),
            inside_until: 0,
            roots: Vec::new(),
            problems: Vec::new(),
        }
    }
}

impl<'a> Visit<'a> for Finder<'a, '_> {
    fn enter_node(&mut self, kind: AstKind<'a>) {
        if let AstKind::ObjectExpression(object) = kind
            && object.span.start >= self.inside_until
            && might_be_template(object)
        {
            self.found(object);
        }
        self.stack.push(kind);
    }

    fn leave_node(&mut self, _kind: AstKind<'a>) {
        self.stack.pop();
    }
}

/// Whether an object literal has a template-type key, or a spread that may give one.
fn might_be_template(object: &ObjectExpression<'_>) -> bool {
    has_type_key(object)
        || object
            .properties
            .iter()
            .any(|property| matches!(property, ObjectPropertyKind::SpreadProperty(_)))
}

/// Whether an object literal has a template-type key written in it.
fn has_type_key(object: &ObjectExpression<'_>) -> bool {
    object.properties.iter().any(|property| match property {
        ObjectPropertyKind::ObjectProperty(property) => property
            .key
            .static_name()
            .is_some_and(|name| matches!(name.as_ref(), "objectType" | "object_type")),
        ObjectPropertyKind::SpreadProperty(_) => false,
    })
}

impl<'a> Finder<'a, '_> {
    fn found(&mut self, object: &'a ObjectExpression<'a>) {
        let mut reader = Reader {
            text: self.text,
            consts: self.consts,
            problems: Vec::new(),
            used: Vec::new(),
            limit: Limit::new(self.budget),
        };
        // The parents, innermost first, past wrappers and an `Object.assign` around it.
        let mut parents = self.stack.iter().rev().peekable();
        let mut value = None;
        let mut root_span = object.span;
        while let Some(parent) = parents.peek() {
            match parent {
                AstKind::ParenthesizedExpression(_)
                | AstKind::TSAsExpression(_)
                | AstKind::TSSatisfiesExpression(_)
                | AstKind::TSNonNullExpression(_)
                | AstKind::TSTypeAssertion(_) => {}
                AstKind::CallExpression(call) if is_object_assign(call) && value.is_none() => {
                    value = Some(reader.assign(call, 0));
                    root_span = call.span;
                }
                _ => break,
            }
            parents.next();
        }
        let value = value.unwrap_or_else(|| reader.object(object, 0));
        let cut = reader.limit.cut();
        if cut && !has_type_key(object) {
            // Whether it is a template is not known: say where reading stopped.
            self.problems.extend(reader.problems);
            return;
        }
        if !cut && !value.is_template() {
            return;
        }
        let (name, binding, declarator) = match parents.peek() {
            Some(AstKind::VariableDeclarator(declarator)) => match &declarator.id.kind {
                BindingPatternKind::BindingIdentifier(id) => (
                    Some(id.name.to_string()),
                    Some(id.name.to_string()),
                    Some(span(declarator.span)),
                ),
                _ => (None, None, None),
            },
            Some(AstKind::AssignmentExpression(assignment)) => {
                (target_name(&assignment.left), None, None)
            }
            Some(AstKind::PropertyDefinition(field)) => {
                (field.key.static_name().map(|n| n.to_string()), None, None)
            }
            Some(AstKind::ObjectProperty(property)) => (
                property.key.static_name().map(|n| n.to_string()),
                None,
                None,
            ),
            _ => (None, None, None),
        };
        let function = self.function_name();
        self.inside_until = root_span.end;
        self.roots.push(Draft {
            root: Root {
                name,
                function,
                span: span(root_span),
                value,
                problems: reader.problems,
                cut,
            },
            binding,
            declarator,
            used: reader.used,
        });
    }

    /// The name of the innermost named function, method or component around the node.
    fn function_name(&self) -> Option<String> {
        let mut kinds = self.stack.iter().rev().peekable();
        while let Some(kind) = kinds.next() {
            let named = match kind {
                AstKind::Function(function) => match &function.id {
                    Some(id) => Some(id.name.to_string()),
                    None => parent_name(kinds.peek().copied()),
                },
                AstKind::ArrowFunctionExpression(_) => parent_name(kinds.peek().copied()),
                _ => continue,
            };
            if named.is_some() {
                return named;
            }
        }
        None
    }
}

/// The name a function expression gets from where it sits (`const share = () => ...`,
/// a method, a class field).
fn parent_name(parent: Option<&AstKind<'_>>) -> Option<String> {
    match parent? {
        AstKind::VariableDeclarator(declarator) => match &declarator.id.kind {
            BindingPatternKind::BindingIdentifier(id) => Some(id.name.to_string()),
            _ => None,
        },
        AstKind::MethodDefinition(method) => method.key.static_name().map(|n| n.to_string()),
        AstKind::PropertyDefinition(field) => field.key.static_name().map(|n| n.to_string()),
        AstKind::ObjectProperty(property) => property.key.static_name().map(|n| n.to_string()),
        AstKind::AssignmentExpression(assignment) => target_name(&assignment.left),
        _ => None,
    }
}

/// The last name of an assignment target (`template`, `this.template`,
/// `module.exports.template`).
fn target_name(target: &AssignmentTarget<'_>) -> Option<String> {
    match target {
        AssignmentTarget::AssignmentTargetIdentifier(id) => Some(id.name.to_string()),
        _ => target
            .as_member_expression()
            .and_then(MemberExpression::static_property_name)
            .map(str::to_owned),
    }
}

fn is_object_assign(call: &CallExpression<'_>) -> bool {
    call.callee
        .get_inner_expression()
        .is_specific_member_access("Object", "assign")
}

/// Reads expressions into [`Found`] values.
struct Reader<'a, 't> {
    text: &'t str,
    consts: &'t Constants<'a>,
    problems: Vec<Problem>,
    /// Constants whose objects were spread or assigned in.
    used: Vec<String>,
    limit: Limit<'t>,
}

impl<'a> Reader<'a, '_> {
    fn source(&self, at: oxc_span::Span) -> &str {
        &self.text[at.start as usize..at.end as usize]
    }

    fn unfollowable(&mut self, at: oxc_span::Span, what: &str, help: &str) -> Found {
        self.problems.push(unfollowable(span(at), what, help));
        Found::new(span(at), Shape::Null)
    }

    fn value(&mut self, expression: &'a Expression<'a>, depth: usize) -> Found {
        let at = span(expression.span());
        if let Err(problem) = self.limit.take(depth, at) {
            self.problems.extend(problem);
            return Found::new(at, Shape::Null);
        }
        match expression.get_inner_expression() {
            Expression::StringLiteral(literal) => {
                if literal.lone_surrogates {
                    return self.unfollowable(
                        literal.span,
                        "the text holds a lone surrogate (`\\uD800`-`\\uDFFF` alone)",
                        "JSON cannot carry it; write a whole character",
                    );
                }
                Found::new(at, Shape::Text(literal.value.to_string()))
            }
            Expression::TemplateLiteral(template) => {
                let parts = self.template_parts(template, depth);
                from_parts(parts, at)
            }
            Expression::NumericLiteral(number) => match js_number(number.value) {
                Some(number) => Found::new(at, Shape::Number(number)),
                None => self.unfollowable(number.span, "not a finite number", "write a number"),
            },
            Expression::UnaryExpression(unary)
                if unary.operator == UnaryOperator::UnaryNegation
                    && matches!(
                        unary.argument.get_inner_expression(),
                        Expression::NumericLiteral(_)
                    ) =>
            {
                match unary.argument.get_inner_expression() {
                    Expression::NumericLiteral(number) => match js_number(-number.value) {
                        Some(number) => Found::new(at, Shape::Number(number)),
                        None => {
                            self.unfollowable(number.span, "not a finite number", "write a number")
                        }
                    },
                    _ => Found::expression(self.source(unary.span), at),
                }
            }
            Expression::BooleanLiteral(literal) => Found::new(at, Shape::Bool(literal.value)),
            Expression::NullLiteral(_) => Found::new(at, Shape::Null),
            Expression::ObjectExpression(object) => self.object(object, depth + 1),
            Expression::ArrayExpression(array) => {
                let mut elements = Vec::new();
                for element in &array.elements {
                    match element {
                        ArrayExpressionElement::SpreadElement(spread) => {
                            let spread_value = self.value(&spread.argument, depth + 1);
                            match spread_value.value {
                                Shape::Array(items) => elements.extend(items),
                                _ => {
                                    self.unfollowable(
                                        spread.span,
                                        &format!(
                                            "the list spreads `{}`, which import cannot read",
                                            self.source(spread.argument.span())
                                        ),
                                        "spread a list written in this file, or write the elements out",
                                    );
                                }
                            }
                        }
                        ArrayExpressionElement::Elision(hole) => {
                            self.unfollowable(
                                hole.span,
                                "a hole in a list",
                                "remove the extra comma",
                            );
                        }
                        _ => {
                            let item = element.to_expression();
                            elements.push(self.value(item, depth + 1));
                        }
                    }
                }
                Found::new(at, Shape::Array(elements))
            }
            Expression::BinaryExpression(binary) if binary.operator == BinaryOperator::Addition => {
                let left = self.value(&binary.left, depth + 1);
                let right = self.value(&binary.right, depth + 1);
                // `'a' + x`: JavaScript concatenates as soon as one side is text.
                if left.value.is_text() || right.value.is_text() {
                    let left = self.as_text(left, &binary.left);
                    let right = self.as_text(right, &binary.right);
                    from_parts(concat(left, right), at)
                } else {
                    Found::expression(self.source(binary.span), at)
                }
            }
            Expression::Identifier(identifier) => {
                let name = identifier.name.as_str();
                if name == "undefined" {
                    return self.unfollowable(
                        identifier.span,
                        "`undefined` leaves the key out of the JSON",
                        "remove the key, or give it a value",
                    );
                }
                match self.consts.values.get(name) {
                    // A constant the file changes holds what it holds only at run time.
                    Some(init) => {
                        // Read all the same: a template spread from it is still found
                        // (and not imported), and not mistaken for its base alone.
                        if let Some(changed) = self.consts.changed.get(name) {
                            self.problems
                                .push(changed_constant_problem(name, at, *changed));
                        }
                        let value = self.value(init, depth + 1).value;
                        constant(name, value, at, &mut self.used)
                    }
                    None => Found::expression(name, at),
                }
            }
            Expression::StaticMemberExpression(member) => {
                let object = member.object.get_inner_expression();
                if let Expression::Identifier(id) = object
                    && let Some(init) = self.consts.values.get(id.name.as_str())
                    && !self.consts.changed.contains_key(id.name.as_str())
                    && let Expression::ObjectExpression(_) = init.get_inner_expression()
                {
                    let mut value = self.value(init, depth + 1);
                    if let Some(found) = value.member_mut(member.property.name.as_str()) {
                        return Found {
                            span: at,
                            ..found.clone()
                        };
                    }
                }
                Found::expression(self.source(member.span), at)
            }
            Expression::CallExpression(call) if is_object_assign(call) => self.assign(call, depth),
            Expression::FunctionExpression(_)
            | Expression::ArrowFunctionExpression(_)
            | Expression::ClassExpression(_) => self.unfollowable(
                expression.span(),
                "a function is not a template value (JSON leaves it out)",
                "give the value the function returns",
            ),
            _ => Found::expression(self.source(expression.span()), at),
        }
    }

    /// A value as text parts: text as is, anything else as the expression it is.
    fn as_text(&self, found: Found, expression: &Expression<'_>) -> Vec<Part> {
        match found.value {
            Shape::Text(text) => vec![Part::Text(text)],
            Shape::Dynamic(parts) => parts,
            Shape::Number(number) => vec![Part::Text(number.to_string())],
            Shape::Bool(value) => vec![Part::Text(value.to_string())],
            Shape::Null => vec![Part::Text("null".to_owned())],
            Shape::Object(_) | Shape::Array(_) => vec![Part::Expr(
                self.source(expression.span()).to_owned(),
                span(expression.span()),
            )],
        }
    }

    fn template_parts(&mut self, template: &'a TemplateLiteral<'a>, depth: usize) -> Vec<Part> {
        let mut parts = Vec::new();
        for (index, quasi) in template.quasis.iter().enumerate() {
            match &quasi.value.cooked {
                Some(cooked) => parts.push(Part::Text(cooked.to_string())),
                None => {
                    self.unfollowable(
                        quasi.span,
                        "an invalid escape in a template literal",
                        "fix the escape",
                    );
                }
            }
            if let Some(expression) = template.expressions.get(index) {
                let value = self.value(expression, depth + 1);
                // `${1 + 1}` and `${'x'}` are known; anything else is run-time text.
                match value.value {
                    Shape::Text(_)
                    | Shape::Number(_)
                    | Shape::Bool(_)
                    | Shape::Null
                    | Shape::Dynamic(_) => {
                        parts.extend(self.as_text(value, expression));
                    }
                    Shape::Object(_) | Shape::Array(_) => parts.push(Part::Expr(
                        self.source(expression.span()).to_owned(),
                        span(expression.span()),
                    )),
                }
            }
        }
        parts
    }

    fn object(&mut self, object: &'a ObjectExpression<'a>, depth: usize) -> Found {
        let mut members = Vec::new();
        for property in &object.properties {
            match property {
                ObjectPropertyKind::ObjectProperty(property) => {
                    if property.kind != PropertyKind::Init || property.method {
                        self.unfollowable(
                            property.span,
                            "a getter, setter or method is not a template value",
                            "write the value itself",
                        );
                        continue;
                    }
                    let Some(key) = static_key(&property.key) else {
                        self.unfollowable(
                            property.key.span(),
                            &format!(
                                "the key `{}` is computed when the code runs",
                                self.source(property.key.span())
                            ),
                            "write the key itself",
                        );
                        continue;
                    };
                    let value = self.value(&property.value, depth + 1);
                    set_member(
                        &mut members,
                        Member {
                            key,
                            key_span: span(property.key.span()),
                            span: span(property.span),
                            value,
                        },
                    );
                }
                ObjectPropertyKind::SpreadProperty(spread) => {
                    let value = self.value(&spread.argument, depth + 1);
                    if !merge(&mut members, value) {
                        self.unfollowable(
                            spread.span,
                            &format!(
                                "the object spreads `{}`, whose keys import cannot see",
                                self.source(spread.argument.span())
                            ),
                            "spread an object written in this file (a `const`), or write its keys out",
                        );
                    }
                }
            }
        }
        Found::new(span(object.span), Shape::Object(members))
    }

    /// `Object.assign(target, ...sources)`: the objects merged in order.
    fn assign(&mut self, call: &'a CallExpression<'a>, depth: usize) -> Found {
        let mut members = Vec::new();
        for argument in &call.arguments {
            let Some(expression) = argument.as_expression() else {
                self.unfollowable(
                    argument.span(),
                    "`Object.assign` spreads a list import cannot read",
                    "pass the objects themselves",
                );
                continue;
            };
            let value = self.value(expression, depth + 1);
            if !merge(&mut members, value) {
                self.unfollowable(
                    expression.span(),
                    &format!(
                        "`Object.assign` merges `{}`, whose keys import cannot see",
                        self.source(expression.span())
                    ),
                    "merge objects written in this file (a `const`), or write the keys out",
                );
            }
        }
        Found::new(span(call.span), Shape::Object(members))
    }
}

fn static_key(key: &PropertyKey<'_>) -> Option<String> {
    match key {
        PropertyKey::StaticIdentifier(id) => Some(id.name.to_string()),
        PropertyKey::PrivateIdentifier(_) => None,
        _ => match key.as_expression()?.get_inner_expression() {
            Expression::StringLiteral(literal) => Some(literal.value.to_string()),
            Expression::NumericLiteral(number) => Some(number.value.to_string()),
            Expression::TemplateLiteral(template) if template.expressions.is_empty() => {
                template.quasis.first()?.value.cooked.map(|c| c.to_string())
            }
            _ => None,
        },
    }
}

/// `x.a.b` / `x["a"][0]`: the root name and the steps, when all are static.
fn member_path<'a>(expression: &'a Expression<'a>) -> Option<(&'a str, Vec<Step>)> {
    match expression.get_inner_expression() {
        Expression::Identifier(id) => Some((id.name.as_str(), Vec::new())),
        expression => member_steps(expression.as_member_expression()?),
    }
}

fn member_steps<'a>(member: &'a MemberExpression<'a>) -> Option<(&'a str, Vec<Step>)> {
    let (root, mut steps) = member_path(member.object())?;
    match member {
        MemberExpression::StaticMemberExpression(member) => steps.push(Step::Key(
            member.property.name.to_string(),
            span(member.property.span),
        )),
        MemberExpression::ComputedMemberExpression(member) => {
            match member.expression.get_inner_expression() {
                Expression::StringLiteral(literal) => {
                    steps.push(Step::Key(literal.value.to_string(), span(literal.span)));
                }
                Expression::NumericLiteral(number)
                    if number.value.fract() == 0.0 && number.value >= 0.0 =>
                {
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    steps.push(Step::Index(number.value as usize));
                }
                _ => return None,
            }
        }
        MemberExpression::PrivateFieldExpression(_) => return None,
    }
    Some((root, steps))
}

/// The root name of a member chain, static or not (`x[i].title` → `x`).
fn chain_root<'a>(expression: &'a Expression<'a>) -> Option<&'a str> {
    match expression.get_inner_expression() {
        Expression::Identifier(id) => Some(id.name.as_str()),
        expression => chain_root(expression.as_member_expression()?.object()),
    }
}

fn target_expression<'a>(target: &'a AssignmentTarget<'a>) -> Option<(&'a str, bool)> {
    if let AssignmentTarget::AssignmentTargetIdentifier(id) = target {
        return Some((id.name.as_str(), true));
    }
    let member = target.as_member_expression()?;
    chain_root(member.object()).map(|root| (root, false))
}

/// Finds each root variable's declaration and applies or reports what the statements
/// around it do to it.
struct Editor<'a, 't, 'r> {
    text: &'t str,
    consts: &'t Constants<'a>,
    budget: &'t Budget,
    roots: &'r mut Vec<Draft>,
    /// Each root declared as a variable, by where.
    by_declarator: HashMap<Span, usize>,
}

impl<'a> Visit<'a> for Editor<'a, '_, '_> {
    fn enter_node(&mut self, kind: AstKind<'a>) {
        match kind {
            AstKind::Program(program) => self.scan(&program.body),
            AstKind::FunctionBody(body) => self.scan(&body.statements),
            AstKind::BlockStatement(block) => self.scan(&block.body),
            AstKind::StaticBlock(block) => self.scan(&block.body),
            AstKind::SwitchCase(case) => self.scan(&case.consequent),
            AstKind::TSModuleBlock(block) => self.scan(&block.body),
            _ => {}
        }
    }
}

impl<'a> Editor<'a, '_, '_> {
    /// Looks in one statement list for the declarations of root variables.
    fn scan(&mut self, statements: &'a oxc_allocator::Vec<'a, Statement<'a>>) {
        let mut uses = None;
        for (index, statement) in statements.iter().enumerate() {
            let Statement::VariableDeclaration(declaration) = statement else {
                continue;
            };
            for declarator in &declaration.declarations {
                let Some(&root_index) = self.by_declarator.get(&span(declarator.span)) else {
                    continue;
                };
                let Some(name) = binding_name(&declarator.id) else {
                    continue;
                };
                let uses = uses.get_or_insert_with(|| statement_uses(statements));
                self.edits(root_index, name, statements, index, uses);
            }
        }
    }
}

/// What each statement of a list reads and changes, read once for all its roots.
fn statement_uses(statements: &oxc_allocator::Vec<'_, Statement<'_>>) -> Uses {
    Uses::new(
        statements
            .iter()
            .map(|statement| {
                let mut references = References::default();
                references.visit_statement(statement);
                let mut changes = Changes::default();
                changes.visit_statement(statement);
                (references.first, changes.found)
            })
            .collect(),
    )
}

fn binding_name<'a>(pattern: &'a BindingPattern<'a>) -> Option<&'a str> {
    match &pattern.kind {
        BindingPatternKind::BindingIdentifier(id) => Some(id.name.as_str()),
        _ => None,
    }
}

impl<'a> Editor<'a, '_, '_> {
    fn edits(
        &mut self,
        root_index: usize,
        name: &str,
        statements: &'a oxc_allocator::Vec<'a, Statement<'a>>,
        declared_at: usize,
        uses: &Uses,
    ) {
        let mut reader = Reader {
            text: self.text,
            consts: self.consts,
            problems: Vec::new(),
            used: Vec::new(),
            limit: Limit::new(self.budget),
        };
        let mut problems = Vec::new();
        // A change before: the variable is not the template's alone (the nearest says so).
        if let Some((at, reassigned)) = uses.last_change_before(declared_at, name) {
            problems.push(edit_problem(
                name,
                at,
                "before the template is made",
                reassigned,
            ));
        }
        // Where the template is first used (sent, passed, logged): a change after that
        // may not be in what the code sends.
        let mut first_use = None;
        for &index in uses.mentions(name).iter().filter(|&&i| i > declared_at) {
            let statement = &statements[index];
            if let Statement::ExpressionStatement(expression) = statement
                && let Some(done) =
                    self.static_edit(&mut reader, root_index, name, &expression.expression)
            {
                match (done, first_use) {
                    (Err(problem), _) => problems.push(problem),
                    (Ok(()), Some(first)) => {
                        problems.push(late_edit_problem(
                            name,
                            span(expression.expression.span()),
                            first,
                        ));
                    }
                    (Ok(()), None) => {}
                }
                continue;
            }
            if first_use.is_none() {
                first_use = uses.first_reference(index, name);
            }
            let mut reassigned_here = false;
            for (at, reassigned) in uses.changes(index, name) {
                problems.push(edit_problem(name, at, context_of(statement), reassigned));
                reassigned_here |= reassigned;
            }
            if reassigned_here {
                // Past this the variable may hold another value: what follows is not
                // about this template.
                break;
            }
        }
        let root = &mut self.roots[root_index];
        root.root.cut |= reader.limit.cut();
        root.root.problems.extend(reader.problems);
        root.root.problems.extend(problems);
        root.used.extend(reader.used);
    }

    /// Applies `x.a.b = value`, `Object.assign(x.a, {...})` or `x.list.push(...)`:
    /// `None` when the statement is none of these (or not about `x`).
    fn static_edit(
        &mut self,
        reader: &mut Reader<'a, '_>,
        root_index: usize,
        name: &str,
        expression: &'a Expression<'a>,
    ) -> Option<Result<(), Problem>> {
        match expression.get_inner_expression() {
            Expression::AssignmentExpression(assignment)
                if assignment.operator == AssignmentOperator::Assign =>
            {
                let member = assignment.left.as_member_expression()?;
                let (root, steps) = member_steps(member)?;
                if root != name || steps.is_empty() {
                    return None;
                }
                let value = reader.value(&assignment.right, 1);
                let at = span(assignment.span);
                Some(apply(
                    &mut self.roots[root_index].root.value,
                    &steps,
                    value,
                    at,
                    Edit::Set,
                ))
            }
            Expression::CallExpression(call) if is_object_assign(call) => {
                let first = call.arguments.first()?.as_expression()?;
                let (root, steps) = member_path(first)?;
                if root != name {
                    return None;
                }
                let at = span(call.span);
                let mut members = Vec::new();
                for argument in call.arguments.iter().skip(1) {
                    let Some(expression) = argument.as_expression() else {
                        return Some(Err(unfollowable(
                            span(argument.span()),
                            "`Object.assign` spreads a list import cannot read",
                            "pass the objects themselves",
                        )));
                    };
                    let value = reader.value(expression, 1);
                    if !merge(&mut members, value) {
                        return Some(Err(unfollowable(
                            span(expression.span()),
                            &format!(
                                "`Object.assign` merges `{}` into `{name}`, and import cannot see its keys",
                                reader.source(expression.span())
                            ),
                            "merge an object written in this file, or write the keys out",
                        )));
                    }
                }
                Some(apply(
                    &mut self.roots[root_index].root.value,
                    &steps,
                    Found::new(at, Shape::Object(members)),
                    at,
                    Edit::Merge,
                ))
            }
            Expression::CallExpression(call) => {
                let member = call.callee.get_inner_expression().as_member_expression()?;
                if member.static_property_name()? != "push" {
                    return None;
                }
                let (root, steps) = member_path(member.object())?;
                if root != name {
                    return None;
                }
                let at = span(call.span);
                let mut items = Vec::new();
                for argument in &call.arguments {
                    let Some(expression) = argument.as_expression() else {
                        return Some(Err(unfollowable(
                            span(argument.span()),
                            "`push` spreads a list import cannot read",
                            "push the elements themselves",
                        )));
                    };
                    items.push(reader.value(expression, 1));
                }
                Some(apply(
                    &mut self.roots[root_index].root.value,
                    &steps,
                    Found::new(at, Shape::Array(items)),
                    at,
                    Edit::Push,
                ))
            }
            _ => None,
        }
    }
}

/// What a statement that changes the template out of straight-line order is.
fn context_of(statement: &Statement<'_>) -> &'static str {
    match statement {
        Statement::IfStatement(_) | Statement::SwitchStatement(_) => "under a condition",
        Statement::ForStatement(_)
        | Statement::ForInStatement(_)
        | Statement::ForOfStatement(_)
        | Statement::WhileStatement(_)
        | Statement::DoWhileStatement(_) => "in a loop",
        Statement::TryStatement(_) => "in a `try` block",
        Statement::FunctionDeclaration(_) | Statement::ClassDeclaration(_) => "in another function",
        Statement::ExpressionStatement(statement) => {
            match statement.expression.get_inner_expression() {
                Expression::ConditionalExpression(_) | Expression::LogicalExpression(_) => {
                    "under a condition"
                }
                Expression::CallExpression(_) => "in a function call",
                _ => "in an expression import cannot follow",
            }
        }
        _ => "in code import cannot follow",
    }
}

/// The first place a statement reads each variable.
#[derive(Default)]
struct References {
    first: HashMap<String, Span>,
}

impl<'a> Visit<'a> for References {
    fn visit_identifier_reference(&mut self, it: &oxc_ast::ast::IdentifierReference<'a>) {
        if !self.first.contains_key(it.name.as_str()) {
            self.first.insert(it.name.to_string(), span(it.span));
        }
    }
}

/// Every change to a variable inside a statement (or a whole file): member
/// assignments, updates, deletes, mutating calls; and assignments to the variable itself.
#[derive(Default)]
struct Changes {
    /// The variable changed, where, and whether it is assigned itself.
    found: Vec<(String, Span, bool)>,
}

impl<'a> Visit<'a> for Changes {
    /// `var t = ...` again (or `let t` in the same list): the variable is assigned
    /// itself, as by `t = ...`, so edits past it are not about the template before.
    fn visit_variable_declarator(&mut self, it: &oxc_ast::ast::VariableDeclarator<'a>) {
        if it.init.is_some()
            && let Some(name) = binding_name(&it.id)
        {
            self.found.push((name.to_owned(), span(it.span), true));
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_assignment_expression(&mut self, it: &oxc_ast::ast::AssignmentExpression<'a>) {
        if let Some((root, whole)) = target_expression(&it.left) {
            self.found.push((root.to_owned(), span(it.span), whole));
        }
        walk::walk_assignment_expression(self, it);
    }

    fn visit_update_expression(&mut self, it: &oxc_ast::ast::UpdateExpression<'a>) {
        if let Some(member) = it.argument.as_member_expression()
            && let Some(root) = chain_root(member.object())
        {
            self.found.push((root.to_owned(), span(it.span), false));
        }
        walk::walk_update_expression(self, it);
    }

    fn visit_unary_expression(&mut self, it: &oxc_ast::ast::UnaryExpression<'a>) {
        if it.operator == UnaryOperator::Delete
            && let Some(root) = chain_root(&it.argument)
        {
            self.found.push((root.to_owned(), span(it.span), false));
        }
        walk::walk_unary_expression(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        let callee = it.callee.get_inner_expression();
        let changed = if is_object_assign(it) {
            it.arguments
                .first()
                .and_then(|argument| argument.as_expression())
                .and_then(chain_root)
        } else if let Some(member) = callee.as_member_expression()
            && matches!(
                member.static_property_name(),
                Some("push" | "pop" | "shift" | "unshift" | "splice" | "sort" | "reverse" | "fill")
            )
        {
            chain_root(member.object())
        } else {
            None
        };
        if let Some(root) = changed {
            self.found.push((root.to_owned(), span(it.span), false));
        }
        walk::walk_call_expression(self, it);
    }
}
