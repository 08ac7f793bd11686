//! A captured XML element as plain data (`XmlElement`, `XmlNode`): what the models keep of
//! elements they do not know, verbatim. Read and written by `wire::xml_tree` and the
//! Itinerary codec.

use serde::{Deserialize, Serialize};

/// An element: local name (prefix dropped), attributes (local names), and children in order.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct XmlElement {
    /// The local name, e.g. `ConnectionRequest` for `<ns:ConnectionRequest>`.
    pub name: String,
    /// Attributes as (local name, unescaped value); namespace declarations are dropped.
    pub attrs: Vec<(String, String)>,
    /// Child elements and text runs, in document order.
    pub children: Vec<XmlNode>,
}

/// A child of an element.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum XmlNode {
    /// A child element.
    Element(XmlElement),
    /// A run of text (entity and character references resolved, CDATA included).
    Text(String),
}

impl XmlElement {
    /// Child elements, in order.
    pub fn elements(&self) -> impl Iterator<Item = &XmlElement> {
        self.children.iter().filter_map(|n| match n {
            XmlNode::Element(e) => Some(e),
            XmlNode::Text(_) => None,
        })
    }

    /// The first child element named `name` (compared case-insensitively).
    pub fn child(&self, name: &str) -> Option<&XmlElement> {
        self.elements().find(|e| e.name.eq_ignore_ascii_case(name))
    }

    /// The attribute `name` (local name, case-sensitive).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// True for `xsi:nil="true"`.
    pub fn is_nil(&self) -> bool {
        matches!(self.attr("nil"), Some("true") | Some("1"))
    }

    /// The element's own text (text children joined), trimmed; borrowed when it is one run.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        let mut runs = self.children.iter().filter_map(|n| match n {
            XmlNode::Text(t) => Some(t.as_str()),
            XmlNode::Element(_) => None,
        });
        match (runs.next(), runs.next()) {
            (None, _) => std::borrow::Cow::Borrowed(""),
            (Some(one), None) => std::borrow::Cow::Borrowed(one.trim()),
            (Some(a), Some(b)) => {
                let mut s = String::from(a);
                s.push_str(b);
                runs.for_each(|r| s.push_str(r));
                std::borrow::Cow::Owned(s.trim().to_owned())
            }
        }
    }

    /// The trimmed text of child `name`; `None` when absent, nil or empty.
    pub fn child_text(&self, name: &str) -> Option<String> {
        let c = self.child(name)?;
        if c.is_nil() {
            return None;
        }
        Some(c.text().into_owned()).filter(|t| !t.is_empty())
    }
}
