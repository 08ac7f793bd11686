//! The string-writing half of the Itinerary runtime: elements, scalars, lists and captured
//! (unknown) nodes written back as XML text, escaped, in the order they were read.

use super::scalars::XmlScalar;
use super::xml_record::{XmlChoice, XmlRecord};
use crate::wire::xml_tree::{escape, escape_attr, XmlElement, XmlNode};

/// Writes `<tag attrs…>`.
pub fn open(out: &mut String, tag: &str, attrs: &[(String, String)]) {
    out.push('<');
    out.push_str(tag);
    for (k, v) in attrs {
        let k = if k == "nil" || k == "type" {
            format!("xsi:{k}")
        } else {
            k.clone()
        };
        out.push_str(&format!(" {k}=\"{}\"", escape_attr(v)));
    }
    out.push('>');
}

/// Writes `</tag>`.
pub fn close(out: &mut String, tag: &str) {
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

/// Writes `<tag>value</tag>` when set.
pub fn write_scalar<T: XmlScalar>(out: &mut String, tag: &str, value: &Option<T>) {
    if let Some(v) = value {
        write_one(out, tag, v);
    }
}

/// Writes one simple element.
pub fn write_one<T: XmlScalar>(out: &mut String, tag: &str, v: &T) {
    out.push('<');
    out.push_str(tag);
    out.push('>');
    v.write_escaped(out);
    close(out, tag);
}

/// Writes a list container with its items.
pub fn write_list<T: XmlRecord>(out: &mut String, tag: &str, item: &str, list: &Option<Vec<T>>) {
    if let Some(items) = list {
        open(out, tag, &[]);
        for i in items {
            i.write_xml(out, item);
        }
        close(out, tag);
    }
}

/// Writes a multi-kind list container.
pub fn write_choice_list<T: XmlChoice>(out: &mut String, tag: &str, list: &Option<Vec<T>>) {
    if let Some(items) = list {
        open(out, tag, &[]);
        for i in items {
            i.write_choice(out);
        }
        close(out, tag);
    }
}

/// Writes kept raw nodes back, in order.
pub fn write_nodes(out: &mut String, nodes: &[XmlNode]) {
    for n in nodes {
        match n {
            XmlNode::Text(t) => out.push_str(&escape(t)),
            XmlNode::Element(e) => write_element(out, e),
        }
    }
}

/// Writes a raw element (and its subtree).
pub fn write_element(out: &mut String, e: &XmlElement) {
    if e.children.is_empty() {
        open(out, &e.name, &e.attrs);
        out.pop();
        out.push_str("/>");
        return;
    }
    open(out, &e.name, &e.attrs);
    write_nodes(out, &e.children);
    close(out, &e.name);
}
