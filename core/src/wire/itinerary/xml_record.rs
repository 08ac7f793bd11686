//! The streaming read / string write runtime the generated Itinerary model uses: records are
//! read straight from quick-xml events, and every unknown, duplicate, nil or ill-typed element
//! is kept verbatim in `extra`, so a read-modify-write never deletes what Concur or another
//! source put there.

use super::scalar::XmlScalar;
use crate::error::Result;
use crate::model::itinerary::scalars::trim_text;
use crate::wire::xml_stream::{blank, Open, Step, Tag, XmlStream};
use crate::wire::xml_tree::XmlNode;

/// A complex element of the Itinerary schema.
pub trait XmlRecord: Sized + Default {
    /// Reads the element whose start is `open` (what does not fit is kept in `extra`).
    fn read_stream(s: &mut XmlStream<'_>, open: Open) -> Result<Self>;
    /// Writes the element as `<tag>…</tag>`.
    fn write_xml(&self, out: &mut XmlOut, tag: &str);
}

/// Reading from a borrowed start: what the generated model implements, so nested records are
/// read without copying their names (the public `read_stream` / `read_choice_stream` wrap it).
pub(crate) trait ReadTag: Sized {
    /// Reads the element whose start is `open`.
    fn read_tag<'a>(s: &mut XmlStream<'a>, open: Tag<'a>) -> Result<Self>;
}

/// Reading into a value already in place (a default one in a `Box` or at the end of a list):
/// records are large (a car segment is about 2 KB), and reading them where they will live
/// saves copying each one several times on its way there.
pub(crate) trait ReadInto: Default {
    /// Fills `self` from the element whose start is `open`.
    fn read_into<'a>(&mut self, s: &mut XmlStream<'a>, open: Tag<'a>) -> Result<()>;
}

/// A boxed record reads and writes as the record: what lets a list hold boxed items
/// (`Vec<Box<Booking>>`) through the same `list` reader and writer.
impl<T: XmlRecord> XmlRecord for Box<T> {
    fn read_stream(s: &mut XmlStream<'_>, open: Open) -> Result<Self> {
        T::read_stream(s, open).map(Box::new)
    }
    fn write_xml(&self, out: &mut XmlOut, tag: &str) {
        (**self).write_xml(out, tag)
    }
}

/// A boxed record is filled where it lives, like any other.
impl<T: ReadInto> ReadInto for Box<T> {
    fn read_into<'a>(&mut self, s: &mut XmlStream<'a>, open: Tag<'a>) -> Result<()> {
        (**self).read_into(s, open)
    }
}

/// Reads a record straight into a new box (the boxed variants of the list item enums).
pub(crate) fn read_boxed<'a, T: ReadInto>(s: &mut XmlStream<'a>, open: Tag<'a>) -> Result<Box<T>> {
    let mut b = Box::<T>::default();
    b.read_into(s, open)?;
    Ok(b)
}

/// An item of a list that may hold several element kinds (segments, charges...).
pub trait XmlChoice: Sized {
    /// Reads one child of the list.
    fn read_choice_stream(s: &mut XmlStream<'_>, open: Open) -> Result<Self>;
    /// Writes it.
    fn write_choice(&self, out: &mut XmlOut);
}

/// True for `xsi:nil="true"`.
pub fn is_nil(attrs: &[(String, String)]) -> bool {
    attrs
        .iter()
        .any(|(k, v)| k == "nil" && (v == "true" || v == "1"))
}

pub(super) fn truncated() -> crate::TriplinkError {
    crate::TriplinkError::decode("xml", "truncated document")
}

/// Reads the children of a record: `on_child` handles each element start, loose text is kept.
pub fn read_children<F>(
    s: &mut XmlStream<'_>,
    empty: bool,
    extra: &mut Vec<XmlNode>,
    mut on_child: F,
) -> Result<()>
where
    F: FnMut(&mut XmlStream<'_>, Open, &mut Vec<XmlNode>) -> Result<()>,
{
    children(s, empty, extra, |s, t, x| on_child(s, t.into_open(), x))
}

/// [`read_children`] with borrowed starts (what the generated model uses).
#[inline(always)]
pub(crate) fn children<'a, F>(
    s: &mut XmlStream<'a>,
    empty: bool,
    extra: &mut Vec<XmlNode>,
    mut on_child: F,
) -> Result<()>
where
    F: FnMut(&mut XmlStream<'a>, Tag<'a>, &mut Vec<XmlNode>) -> Result<()>,
{
    if empty {
        return Ok(());
    }
    child_loop(s, extra, &mut on_child)
}

/// A record's field dispatch, as [`child_loop`] takes it.
type OnChild<'s, 'a> = dyn FnMut(&mut XmlStream<'a>, Tag<'a>, &mut Vec<XmlNode>) -> Result<()> + 's;

/// The loop over a record's children, written once for every record (each passes its field
/// dispatch): one copy of the inlined step serves all 38 records. Generic per record, the loop
/// and the step inlined in it cost the wasm build 7 KB gzipped (59 KB when the step was inlined
/// into each), for no speed measurable natively.
fn child_loop<'a>(
    s: &mut XmlStream<'a>,
    extra: &mut Vec<XmlNode>,
    on_child: &mut OnChild<'_, 'a>,
) -> Result<()> {
    let mut after_text = false;
    loop {
        // Blanks are indentation after an element, but text after text (past a reference,
        // `&quot;   `) is read whole.
        s.trim_leading_blanks(!after_text);
        after_text = false;
        match s.step()? {
            Step::Close => return Ok(()),
            Step::Eof => return Err(truncated()),
            Step::Text(t) => {
                stray_text(extra, t);
                after_text = true;
            }
            Step::Open(o) => on_child(s, o, extra)?,
        }
    }
}

/// Keeps text found among a record's children (a schema violation) in `extra`, so that it
/// reads back the same once written:
/// - the writer puts all of `extra` after the known fields, so text that `extra` holds last is
///   joined with the next (written out, the two would read back as one);
/// - text split by a reference (`&quot;   `) comes in pieces, joined the same way;
/// - new text starts without blanks, as the lexer reads text that follows an element; blank
///   text is indentation and dropped.
#[cold]
fn stray_text(extra: &mut Vec<XmlNode>, t: std::borrow::Cow<'_, str>) {
    if let Some(XmlNode::Text(prev)) = extra.last_mut() {
        prev.push_str(&t);
        return;
    }
    let t = t.trim_start_matches([' ', '\t', '\n', '\r']);
    if !blank(t) {
        extra.push(XmlNode::Text(t.to_owned()));
    }
}

/// Reads a simple element into `slot`, or keeps it raw in `extra` when it has attributes (nil),
/// is a repeat, holds elements, or does not fit the type.
pub fn stream_scalar<T: XmlScalar>(
    s: &mut XmlStream<'_>,
    open: Open,
    slot: &mut Option<T>,
    extra: &mut Vec<XmlNode>,
) -> Result<()> {
    scalar(s, open.into(), slot, extra)
}

/// [`stream_scalar`] for a borrowed start.
pub(crate) fn scalar<'a, T: XmlScalar>(
    s: &mut XmlStream<'a>,
    open: Tag<'a>,
    slot: &mut Option<T>,
    extra: &mut Vec<XmlNode>,
) -> Result<()> {
    if slot.is_some() || !open.attrs.is_empty() {
        extra.push(XmlNode::Element(s.capture_tag(open)?));
        return Ok(());
    }
    s.text_into(
        open,
        extra,
        &mut |text| match T::parse_text(trim_text(text)) {
            Some(v) => {
                *slot = Some(v);
                true
            }
            None => false,
        },
    )
}

/// Reads a repeated simple element.
pub fn stream_scalar_list<T: XmlScalar>(
    s: &mut XmlStream<'_>,
    open: Open,
    list: &mut Vec<T>,
    extra: &mut Vec<XmlNode>,
) -> Result<()> {
    scalar_list(s, open.into(), list, extra)
}

/// [`stream_scalar_list`] for a borrowed start.
pub(crate) fn scalar_list<'a, T: XmlScalar>(
    s: &mut XmlStream<'a>,
    open: Tag<'a>,
    list: &mut Vec<T>,
    extra: &mut Vec<XmlNode>,
) -> Result<()> {
    let mut one = None;
    scalar(s, open, &mut one, extra)?;
    list.extend(one);
    Ok(())
}

/// Reads a nested record (a repeat or a nil one is kept raw).
pub fn stream_record<T: XmlRecord>(
    s: &mut XmlStream<'_>,
    open: Open,
    slot: &mut Option<Box<T>>,
    extra: &mut Vec<XmlNode>,
) -> Result<()> {
    record_with(s, open.into(), slot, extra, |s, t, slot| {
        *slot = Some(Box::new(T::read_stream(s, t.into_open())?));
        Ok(())
    })
}

/// [`stream_record`] for a borrowed start, read straight into its box.
pub(crate) fn record<'a, T: ReadInto>(
    s: &mut XmlStream<'a>,
    open: Tag<'a>,
    slot: &mut Option<Box<T>>,
    extra: &mut Vec<XmlNode>,
) -> Result<()> {
    record_with(s, open, slot, extra, |s, t, slot| {
        slot.insert(Box::default()).read_into(s, t)
    })
}

/// Keeps a repeat or a nil record raw in `extra`; otherwise `fill` reads it into the empty slot.
fn record_with<'a, T>(
    s: &mut XmlStream<'a>,
    open: Tag<'a>,
    slot: &mut Option<Box<T>>,
    extra: &mut Vec<XmlNode>,
    fill: impl FnOnce(&mut XmlStream<'a>, Tag<'a>, &mut Option<Box<T>>) -> Result<()>,
) -> Result<()> {
    if slot.is_some() || is_nil(&open.attrs) {
        extra.push(XmlNode::Element(s.capture_tag(open)?));
        return Ok(());
    }
    fill(s, open, slot)
}

pub use super::xml_list::*;
pub use super::xml_write::*;
