//! Namespace well-formedness for the namespace-agnostic readers: every prefix an element or
//! attribute name uses must be declared (`xmlns:p`) on it or an ancestor, or be `xml`.
//! Namespaces are otherwise ignored (names are compared by their local part).

use super::xml_lexical::decode_err;
use crate::error::{Result, TriplinkError};
use quick_xml::events::BytesStart;

/// The prefixes declared by the open elements, each with the depth of the element that
/// declared it. Empty for the usual document that uses no prefix, so it costs nothing there.
#[derive(Debug, Default)]
pub(crate) struct NsScope {
    declared: Vec<(usize, String)>,
}

impl NsScope {
    /// Reads the start tag `e` of an element at `depth` (the root is 1): records the prefixes
    /// it declares and checks the prefixes its name and attributes use. A tag without a colon
    /// (most tags) neither declares nor uses a prefix and is not looked into.
    #[inline(always)]
    pub(crate) fn enter(&mut self, e: &BytesStart<'_>, depth: usize) -> Result<()> {
        if !e.as_ref().contains(':') {
            return Ok(());
        }
        self.enter_prefixed(e, depth)
    }

    #[cold]
    #[inline(never)]
    fn enter_prefixed(&mut self, e: &BytesStart<'_>, depth: usize) -> Result<()> {
        let mut used: Vec<(&'static str, String)> = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|err| decode_err(format!("bad attribute: {err}")))?;
            let key: &str = a.key.as_ref();
            if let Some(p) = key.strip_prefix("xmlns:") {
                self.declared.push((depth, p.to_owned()));
            } else if key != "xmlns" {
                used.push(("attribute", key.to_owned()));
            }
        }
        used.push(("element", e.name().as_ref().to_owned()));
        for (what, qname) in used {
            if let Some((prefix, _)) = qname.split_once(':') {
                if prefix != "xml" && !self.declared.iter().any(|(_, p)| p == prefix) {
                    return Err(undeclared(what, &qname, prefix));
                }
            }
        }
        Ok(())
    }

    /// Forgets the declarations of elements deeper than `depth` (call as elements close).
    #[inline(always)]
    pub(crate) fn leave(&mut self, depth: usize) {
        while self.declared.last().is_some_and(|(d, _)| *d > depth) {
            self.declared.pop();
        }
    }
}

#[cold]
fn undeclared(what: &str, qname: &str, prefix: &str) -> TriplinkError {
    decode_err(format!(
        "namespace prefix {prefix:?} of {what} {qname:?} is not declared (no xmlns:{prefix} \
         in scope): the document is not namespace-well-formed"
    ))
}

#[cfg(test)]
mod tests {
    use crate::wire::xml_stream::{Item, XmlStream};
    use crate::wire::xml_tree::parse_document;

    fn stream_all(doc: &str) -> crate::error::Result<()> {
        let mut s = XmlStream::new(doc);
        while !matches!(s.next_item()?, Item::Eof) {}
        Ok(())
    }

    #[test]
    fn an_undeclared_prefix_is_refused_naming_it() {
        for doc in [
            "<t:Itinerary><a/></t:Itinerary>",
            "<Itinerary><t:Booking/></Itinerary>",
            "<Itinerary x:id='1'/>",
            // A declaration is scoped to its element and its descendants.
            "<r><a xmlns:t='urn:t'/><t:b/></r>",
            "<r><a xmlns:t='urn:t'></a><t:b/></r>",
        ] {
            for err in [
                stream_all(doc).unwrap_err(),
                parse_document(doc).unwrap_err(),
            ] {
                let msg = err.to_string();
                assert!(
                    msg.contains("prefix \"t\"") || msg.contains("prefix \"x\""),
                    "{doc}: {msg}"
                );
                assert_eq!(err.code(), crate::ErrorCode::Decode, "{doc}");
            }
        }
    }

    #[test]
    fn declared_prefixes_and_xml_are_accepted() {
        for doc in [
            "<t:Itinerary xmlns:t='urn:t'><t:a/></t:Itinerary>",
            "<r xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'><a xsi:nil='true'/></r>",
            "<r xml:lang='en'><a xmlns:p='urn:p' p:x='1'><p:b/></a></r>",
            "<r a='http://x.example/b:c'>urn:t:x</r>",
        ] {
            stream_all(doc).unwrap();
            parse_document(doc).unwrap();
        }
    }
}
