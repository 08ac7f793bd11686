//! The reading/writing runtime the generated Itinerary model uses: one trait per record, and
//! helpers that keep every unknown, duplicate, nil or ill-typed element verbatim in `extra` so
//! a read-modify-write never deletes what Concur or another source put there.

use super::scalars::XmlScalar;
use crate::wire::xml_tree::{escape, XmlElement, XmlNode};

/// A complex element of the Itinerary schema.
pub trait XmlRecord: Sized + Default {
    /// Reads the element (never fails: what does not fit is kept in `extra`).
    fn read_xml(el: &XmlElement) -> Self;
    /// Writes the element as `<tag>…</tag>`.
    fn write_xml(&self, out: &mut String, tag: &str);
}

/// An item of a list that may hold several element kinds (segments, charges...).
pub trait XmlChoice: Sized {
    /// Reads one child of the list.
    fn read_choice(el: &XmlElement) -> Self;
    /// Writes it.
    fn write_choice(&self, out: &mut String);
}

/// Reads a simple element into `slot`, or keeps it raw in `extra` when it is nil, a repeat, or
/// does not fit the type.
pub fn read_scalar<T: XmlScalar>(slot: &mut Option<T>, el: &XmlElement, extra: &mut Vec<XmlNode>) {
    if slot.is_none() && !el.is_nil() && el.attrs.is_empty() && el.elements().next().is_none() {
        if let Some(v) = T::parse_text(&el.text()) {
            *slot = Some(v);
            return;
        }
    }
    extra.push(XmlNode::Element(el.clone()));
}

/// Reads a repeated simple element.
pub fn read_scalar_list<T: XmlScalar>(
    list: &mut Vec<T>,
    el: &XmlElement,
    extra: &mut Vec<XmlNode>,
) {
    match (el.is_nil(), T::parse_text(&el.text())) {
        (false, Some(v)) => list.push(v),
        _ => extra.push(XmlNode::Element(el.clone())),
    }
}

/// Reads a nested record.
pub fn read_record<T: XmlRecord>(
    slot: &mut Option<Box<T>>,
    el: &XmlElement,
    extra: &mut Vec<XmlNode>,
) {
    if slot.is_none() && !el.is_nil() {
        *slot = Some(Box::new(T::read_xml(el)));
    } else {
        extra.push(XmlNode::Element(el.clone()));
    }
}

/// Reads a repeated nested record.
pub fn read_record_list<T: XmlRecord>(list: &mut Vec<T>, el: &XmlElement) {
    list.push(T::read_xml(el));
}

/// Reads a single-kind list container (`<Bookings><Booking/>…</Bookings>`); a container with
/// anything else in it, or a second one, is kept raw.
pub fn read_list<T: XmlRecord>(
    slot: &mut Option<Vec<T>>,
    el: &XmlElement,
    item: &str,
    extra: &mut Vec<XmlNode>,
) {
    let clean = el.attrs.is_empty()
        && el.children.iter().all(|n| match n {
            XmlNode::Element(c) => c.name == item && !c.is_nil(),
            XmlNode::Text(t) => t.trim().is_empty(),
        });
    if slot.is_some() || !clean {
        extra.push(XmlNode::Element(el.clone()));
        return;
    }
    *slot = Some(el.elements().map(T::read_xml).collect());
}

/// Reads a multi-kind list container (`<Segments><Air/><Hotel/></Segments>`).
pub fn read_choice_list<T: XmlChoice>(
    slot: &mut Option<Vec<T>>,
    el: &XmlElement,
    extra: &mut Vec<XmlNode>,
) {
    let clean = el.attrs.is_empty()
        && el.children.iter().all(|n| match n {
            XmlNode::Element(_) => true,
            XmlNode::Text(t) => t.trim().is_empty(),
        });
    if slot.is_some() || !clean {
        extra.push(XmlNode::Element(el.clone()));
        return;
    }
    *slot = Some(el.elements().map(T::read_choice).collect());
}

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
        out.push_str(&format!(" {k}=\"{}\"", escape(v)));
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
    out.push_str(&escape(&v.render()));
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
