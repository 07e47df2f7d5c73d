//! What each statement of one statement list does with the file's variables: where it
//! first reads each, and what it changes. Built once per list and read by every template
//! declared in it; reading the statements again for each template made import quadratic
//! (2,000 templates in a 110 KB Python file took minutes).

use std::collections::HashMap;

use crate::span::Span;

/// One statement's part: the first place it reads each variable, and its changes (the
/// variable, where, and whether it is assigned itself).
pub(crate) type StatementUses = (HashMap<String, Span>, Vec<(String, Span, bool)>);

/// The uses of one statement list, by statement.
#[derive(Debug, Default)]
pub(crate) struct Uses {
    statements: Vec<StatementUses>,
    /// Per variable, the statements that read or change it, in order.
    mentions: HashMap<String, Vec<usize>>,
}

impl Uses {
    /// The uses of the statements of a list, in order.
    pub(crate) fn new(statements: Vec<StatementUses>) -> Self {
        let mut mentions: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, (references, changes)) in statements.iter().enumerate() {
            let names = references
                .keys()
                .chain(changes.iter().map(|(name, _, _)| name));
            for name in names {
                let list = mentions.entry(name.clone()).or_default();
                if list.last() != Some(&index) {
                    list.push(index);
                }
            }
        }
        Uses {
            statements,
            mentions,
        }
    }

    /// The statements that read or change `name`, in order: the only ones that can
    /// matter to a template held in it.
    pub(crate) fn mentions(&self, name: &str) -> &[usize] {
        self.mentions.get(name).map_or(&[], Vec::as_slice)
    }

    /// The first place statement `index` reads `name`.
    pub(crate) fn first_reference(&self, index: usize, name: &str) -> Option<Span> {
        self.statements[index].0.get(name).copied()
    }

    /// The changes statement `index` makes to `name`: where, and whether it is assigned
    /// itself.
    pub(crate) fn changes(&self, index: usize, name: &str) -> impl Iterator<Item = (Span, bool)> {
        self.statements[index]
            .1
            .iter()
            .filter(move |(changed, _, _)| changed == name)
            .map(|(_, at, whole)| (*at, *whole))
    }

    /// The last change to `name` before statement `index` (the one nearest the template
    /// made there).
    pub(crate) fn last_change_before(&self, index: usize, name: &str) -> Option<(Span, bool)> {
        self.mentions(name)
            .iter()
            .rev()
            .filter(|&&at| at < index)
            .find_map(|&at| self.changes(at, name).last())
    }
}
