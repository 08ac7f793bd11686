//! Test and bench support: an XML document without its indentation, for checking that
//! indentation changes nothing and for measuring compact documents.

/// `xml` without the blank runs between a `>` and the next `<`.
pub fn compact(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(gt) = rest.find('>') {
        out.push_str(&rest[..=gt]);
        rest = &rest[gt + 1..];
        let blank = rest.len() - rest.trim_start().len();
        if rest[blank..].starts_with('<') {
            rest = &rest[blank..];
        }
    }
    out.push_str(rest);
    out
}
