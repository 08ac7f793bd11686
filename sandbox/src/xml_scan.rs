//! The sandbox's own small XML tools (independent of the SDK): collect element texts by name,
//! cut out whole elements by name (raw), and drop elements by name (visibility rules).

use quick_xml::events::Event;
use quick_xml::Reader;

/// The texts of every element named `name` (local name), in document order.
pub fn texts(xml: &str, name: &str) -> Vec<String> {
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut inside = 0usize;
    let mut buf = String::new();
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == name => {
                inside += 1;
                buf.clear();
            }
            Ok(Event::Text(t)) if inside > 0 => buf.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(g)) if inside > 0 => {
                let s = match &*g.xml10_content() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                };
                buf.push_str(s);
            }
            Ok(Event::End(e)) if inside > 0 && e.local_name().as_ref() == name => {
                inside -= 1;
                out.push(buf.trim().to_owned());
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// The first text of `name`.
pub fn text(xml: &str, name: &str) -> Option<String> {
    texts(xml, name)
        .into_iter()
        .next()
        .filter(|s| !s.is_empty())
}

/// Byte ranges of every top-level-most element named `name`.
fn ranges(xml: &str, name: &str) -> Vec<(usize, usize)> {
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0usize;
    loop {
        let before = r.buffer_position() as usize;
        match r.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == name => {
                if depth == 0 {
                    start = before;
                }
                depth += 1;
            }
            Ok(Event::Empty(e)) if e.local_name().as_ref() == name && depth == 0 => {
                out.push((before, r.buffer_position() as usize));
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == name && depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push((start, r.buffer_position() as usize));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// The raw text of every outermost element named `name`.
pub fn elements(xml: &str, name: &str) -> Vec<String> {
    ranges(xml, name)
        .into_iter()
        .map(|(a, b)| xml[a..b].trim().to_owned())
        .collect()
}

/// `xml` without any element named in `names`.
pub fn strip(xml: &str, names: &[&str]) -> String {
    let mut cut: Vec<(usize, usize)> = names.iter().flat_map(|n| ranges(xml, n)).collect();
    cut.sort_unstable();
    let mut out = String::with_capacity(xml.len());
    let mut pos = 0;
    for (a, b) in cut {
        if a >= pos {
            out.push_str(&xml[pos..a]);
            pos = b;
        }
    }
    out.push_str(&xml[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_cuts_and_strips() {
        let x = "<B><S>Acme &amp; Co</S><Segs><H><C>1</C><R>9</R></H><H><C>2</C></H></Segs></B>";
        assert_eq!(texts(x, "C"), ["1", "2"]);
        assert_eq!(text(x, "S").as_deref(), Some("Acme & Co"));
        assert_eq!(
            elements(x, "H"),
            ["<H><C>1</C><R>9</R></H>", "<H><C>2</C></H>"]
        );
        assert_eq!(
            strip(x, &["R", "S"]),
            "<B><Segs><H><C>1</C></H><H><C>2</C></H></Segs></B>"
        );
    }
}
