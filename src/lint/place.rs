//! Where a link, a content or a URL sits in a template, written out as a JSON pointer
//! only when a finding needs one: a clean template then builds no pointer at all.

use crate::compile::span_map::join;

/// A fixed pointer, an index into it when it is an array, and fixed keys after that:
/// every place the lints look for links, contents, texts and URLs has this shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Place {
    /// A fixed pointer (`/link`, `/contents`, `/item_content/items`; empty for the root).
    top: &'static str,
    /// The index into `top`, when it is an array.
    index: Option<usize>,
    /// Fixed keys after the index, as a pointer (`/link`), or empty.
    tail: &'static str,
}

impl Place {
    /// The template itself.
    pub(crate) const ROOT: Place = Place::at("");

    /// The fixed pointer `top` (such as `/link`).
    pub(crate) const fn at(top: &'static str) -> Place {
        Place {
            top,
            index: None,
            tail: "",
        }
    }

    /// Item `index` of the array at the fixed pointer `top`.
    pub(crate) const fn item(top: &'static str, index: usize) -> Place {
        Place {
            top,
            index: Some(index),
            tail: "",
        }
    }

    /// The fixed key path `tail` (a pointer such as `/link`) under this place.
    pub(crate) const fn then(self, tail: &'static str) -> Place {
        Place { tail, ..self }
    }

    /// The fixed pointer this place starts with.
    pub(crate) const fn top(self) -> &'static str {
        self.top
    }

    /// The JSON pointer of this place.
    pub(crate) fn pointer(self) -> String {
        match self.index {
            None => format!("{}{}", self.top, self.tail),
            Some(index) => format!("{}/{index}{}", self.top, self.tail),
        }
    }

    /// The JSON pointer of the key `key` of the object at this place.
    pub(crate) fn child(self, key: &str) -> String {
        join(&self.pointer(), key)
    }
}

#[cfg(test)]
mod tests {
    use super::Place;

    #[test]
    fn writes_the_pointer_it_stands_for() {
        assert_eq!(Place::at("/link").pointer(), "/link");
        assert_eq!(
            Place::at("/content").then("/link").pointer(),
            "/content/link"
        );
        assert_eq!(
            Place::item("/buttons", 2).then("/link").pointer(),
            "/buttons/2/link"
        );
        assert_eq!(
            Place::item("/contents", 0).child("image_url"),
            "/contents/0/image_url"
        );
        assert_eq!(
            Place::item("/contents", 1).child("a/b~"),
            "/contents/1/a~1b~0"
        );
        assert_eq!(Place::ROOT.child("text"), "/text");
    }
}
