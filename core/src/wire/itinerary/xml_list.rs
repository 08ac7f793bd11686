//! The list readers of the Itinerary runtime: single-kind containers (`<Bookings>`) and
//! multi-kind ones (`<Segments>`), read item by item in place, and kept verbatim when anything
//! that does not belong in them turns up.

use super::xml_record::{is_nil, truncated, ReadInto, ReadTag, XmlChoice, XmlRecord};
use super::xml_write::XmlOut;
use crate::error::Result;
use crate::wire::xml_stream::{blank, Open, Step, Tag, XmlStream};
use crate::wire::xml_tree::{parse_document, XmlElement, XmlNode};

/// The verbatim container of a list whose items were already read, when something that does
/// not belong in the list turns up (rare): the items are written back, the stray node and the
/// rest of the container are captured, and the whole is kept raw.
fn raw_container<'a>(
    s: &mut XmlStream<'a>,
    name: &str,
    written_items: &str,
    stray: Step<'a>,
) -> Result<XmlElement> {
    let mut el = parse_document(&format!("<{name}>{written_items}</{name}>"))?;
    let run = match stray {
        Step::Open(o) => {
            let child = s.capture_tag(o)?;
            el.children.push(XmlNode::Element(child));
            None
        }
        // Text the stray text continues (past a reference) is read into it.
        Step::Text(t) => Some(t),
        Step::Close | Step::Eof => None,
    };
    s.capture_rest(&mut el, run)?;
    Ok(el)
}

/// Pushes a list item. Records are large (a booking is about 1 KB), so a list starts with
/// room for 16 rather than growing (and copying every item) through 1, 2, 4 and 8; see
/// [`fit`] for the unused room.
fn push_item<T>(items: &mut Vec<T>, one: T) {
    if items.capacity() == 0 {
        items.reserve(16);
    }
    items.push(one);
}

/// Reads a list item or repeated record straight into its place at the end of `list`.
pub(crate) fn read_item<'a, T: ReadInto>(
    s: &mut XmlStream<'a>,
    open: Tag<'a>,
    list: &mut Vec<T>,
) -> Result<()> {
    push_item(list, T::default());
    match list.last_mut() {
        Some(last) => last.read_into(s, open),
        None => Ok(()),
    }
}

/// Gives a finished list's unused room back (an in-place shrink for the allocator, no copy).
fn fit<T>(mut items: Vec<T>) -> Vec<T> {
    items.shrink_to_fit();
    items
}

/// Reads a single-kind list container (`<Bookings><Booking/>…</Bookings>`); one holding
/// anything else, with attributes, or a second one, is kept raw.
pub fn stream_list<T: XmlRecord>(
    s: &mut XmlStream<'_>,
    open: Open,
    item: &str,
    slot: &mut Option<Vec<T>>,
    extra: &mut Vec<XmlNode>,
) -> Result<()> {
    let read = |s: &mut XmlStream<'_>, t: Tag<'_>, items: &mut Vec<T>| {
        push_item(items, T::read_stream(s, t.into_open())?);
        Ok(())
    };
    list_with(s, open.into(), item, slot, extra, read)
}

/// [`stream_list`] for a borrowed start.
pub(crate) fn list<'a, T: XmlRecord + ReadInto>(
    s: &mut XmlStream<'a>,
    open: Tag<'a>,
    item: &str,
    slot: &mut Option<Vec<T>>,
    extra: &mut Vec<XmlNode>,
) -> Result<()> {
    list_with(s, open, item, slot, extra, read_item)
}

/// A single-kind list: only `<item>` elements that are not nil belong in it.
fn list_with<'a, T: XmlRecord>(
    s: &mut XmlStream<'a>,
    open: Tag<'a>,
    item: &str,
    slot: &mut Option<Vec<T>>,
    extra: &mut Vec<XmlNode>,
    read: impl FnMut(&mut XmlStream<'a>, Tag<'a>, &mut Vec<T>) -> Result<()>,
) -> Result<()> {
    let belongs = |o: &Tag<'_>| o.name == item && !is_nil(&o.attrs);
    let write = |i: &T, out: &mut XmlOut| i.write_xml(out, item);
    container_with(s, open, slot, extra, belongs, read, write)
}

/// Reads a multi-kind list container (`<Segments><Air/><Hotel/></Segments>`).
pub fn stream_choice_list<T: XmlChoice>(
    s: &mut XmlStream<'_>,
    open: Open,
    slot: &mut Option<Vec<T>>,
    extra: &mut Vec<XmlNode>,
) -> Result<()> {
    let read = |s: &mut XmlStream<'_>, t: Tag<'_>| T::read_choice_stream(s, t.into_open());
    choice_list_with(s, open.into(), slot, extra, read)
}

/// [`stream_choice_list`] for a borrowed start.
pub(crate) fn choice_list<'a, T: XmlChoice + ReadTag>(
    s: &mut XmlStream<'a>,
    open: Tag<'a>,
    slot: &mut Option<Vec<T>>,
    extra: &mut Vec<XmlNode>,
) -> Result<()> {
    choice_list_with(s, open, slot, extra, T::read_tag)
}

/// A multi-kind list: every element belongs in it (an unknown kind becomes the enum's `Other`).
fn choice_list_with<'a, T: XmlChoice>(
    s: &mut XmlStream<'a>,
    open: Tag<'a>,
    slot: &mut Option<Vec<T>>,
    extra: &mut Vec<XmlNode>,
    mut read: impl FnMut(&mut XmlStream<'a>, Tag<'a>) -> Result<T>,
) -> Result<()> {
    let read = |s: &mut XmlStream<'a>, o: Tag<'a>, items: &mut Vec<T>| {
        let one = read(s, o)?;
        push_item(items, one);
        Ok(())
    };
    container_with(s, open, slot, extra, |_| true, read, T::write_choice)
}

/// A list container kept raw after a stray: the items already read, written back, then the
/// rest of it captured. Rare, so kept out of line (one copy per item type, not one in every
/// record reader that holds a list).
#[cold]
#[inline(never)]
fn keep_raw<'a, T>(
    s: &mut XmlStream<'a>,
    name: &str,
    items: &[T],
    write: &impl Fn(&T, &mut XmlOut),
    stray: Step<'a>,
) -> Result<XmlElement> {
    let mut out = XmlOut::default();
    for i in items {
        write(i, &mut out);
    }
    // Items read from XML always write; `?` only passes on what cannot occur.
    raw_container(s, name, &out.finish()?, stray)
}

/// Reads a list container into `slot`: the items that `belongs` accepts are read by `read`.
/// A container with attributes or a second one is kept raw; so is one where anything else
/// turns up (non-blank text, an element that does not belong), with the items already read
/// written back by `write`.
fn container_with<'a, T>(
    s: &mut XmlStream<'a>,
    open: Tag<'a>,
    slot: &mut Option<Vec<T>>,
    extra: &mut Vec<XmlNode>,
    belongs: impl Fn(&Tag<'a>) -> bool,
    mut read: impl FnMut(&mut XmlStream<'a>, Tag<'a>, &mut Vec<T>) -> Result<()>,
    write: impl Fn(&T, &mut XmlOut),
) -> Result<()> {
    if slot.is_some() || !open.attrs.is_empty() {
        extra.push(XmlNode::Element(s.capture_tag(open)?));
        return Ok(());
    }
    let mut items = Vec::new();
    if !open.empty {
        loop {
            s.trim_leading_blanks(true);
            match s.next_step()? {
                Step::Close => break,
                Step::Eof => return Err(truncated()),
                Step::Text(t) if blank(&t) => {}
                Step::Open(o) if belongs(&o) => read(s, o, &mut items)?,
                stray => {
                    extra.push(XmlNode::Element(keep_raw(
                        s, &open.name, &items, &write, stray,
                    )?));
                    return Ok(());
                }
            }
        }
    }
    *slot = Some(fit(items));
    Ok(())
}
