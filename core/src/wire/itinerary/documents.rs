//! The Itinerary v1 documents as the API exchanges them: a trip (`Itinerary`, written with the
//! trip namespace), a `Booking`, trip summaries (`ItineraryInfoList`, plain or inside the paged
//! `ConnectResponse`) — read namespace-agnostically, never lossy.

use super::xml_record::{children, scalar, XmlRecord};
use super::xml_write::XmlOut;
use crate::error::{Result, TriplinkError};
use crate::model::itinerary::{Booking, Itinerary, ItineraryInfo, Paging, TripList};
use crate::wire::xml_stream::{Open, Tag, XmlStream};
use crate::wire::xml_tree::{XmlElement, XmlNode};

/// The default namespace of trip documents.
pub const TRIP_NAMESPACE: &str = "http://www.concursolutions.com/api/travel/trip/2010/06";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// Reads a whole document whose root must be `expected`.
fn read_root<T: XmlRecord>(text: &str, expected: &str) -> Result<T> {
    let mut s = XmlStream::new(text);
    let open = s.root_tag()?;
    if open.name != expected {
        return Err(TriplinkError::decode(
            "xml",
            format!("expected <{expected}>, found <{}>", open.name),
        ));
    }
    let v = T::read_stream(&mut s, open.into_open())?;
    s.finish()?;
    Ok(v)
}

/// Writes `record` as the document `<tag>`: the XML declaration, then the root with the
/// namespace declarations; refused when the model holds what XML 1.0 cannot carry.
fn write_root<T: XmlRecord>(
    record: &T,
    tag: &str,
    default_ns: Option<&str>,
    capacity: usize,
) -> Result<String> {
    let mut out = XmlOut::with_capacity(capacity);
    record.write_xml(&mut out, tag);
    let mut body = out.finish()?;
    let mut decl = String::new();
    if let Some(ns) = default_ns {
        decl.push_str(&format!(" xmlns=\"{ns}\""));
    }
    decl.push_str(&format!(" xmlns:xsi=\"{XSI}\""));
    body.insert_str(1 + tag.len(), &decl);
    Ok(format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>{body}"))
}

/// Reads a trip document (`<Itinerary>`, any namespace or none).
pub fn read_itinerary(text: &str) -> Result<Itinerary> {
    read_root(text, "Itinerary")
}

/// Writes a trip document with the trip namespace.
///
/// # Errors
/// `InvalidInput` when the trip holds what XML 1.0 cannot carry (a model read from XML never
/// does; one built in code or from JSON may): a control character, U+FFFE or U+FFFF in a value, named after
/// its element, or an `extra` element or attribute whose name is not an XML name.
///
/// ```
/// use triplink_core::model::itinerary::Itinerary;
/// use triplink_core::wire::itinerary::write_itinerary;
/// use triplink_core::ErrorCode;
/// let trip = Itinerary { trip_name: Some("Paris\u{1}".into()), ..Default::default() };
/// let err = write_itinerary(&trip).unwrap_err();
/// assert_eq!(err.code(), ErrorCode::InvalidInput);
/// assert!(err.to_string().contains("TripName"));
/// ```
pub fn write_itinerary(trip: &Itinerary) -> Result<String> {
    write_root(trip, "Itinerary", Some(TRIP_NAMESPACE), 4096)
}

/// Reads a booking document (`<Booking>`).
pub fn read_booking(text: &str) -> Result<Booking> {
    read_root(text, "Booking")
}

/// Writes a booking document as the booking POST examples show it (no default namespace).
///
/// # Errors
/// As [`write_itinerary`].
pub fn write_booking(booking: &Booking) -> Result<String> {
    write_root(booking, "Booking", None, 2048)
}

impl XmlRecord for ItineraryInfo {
    fn read_stream(s: &mut XmlStream<'_>, open: Open) -> Result<Self> {
        read_info(s, open.into())
    }

    fn write_xml(&self, out: &mut XmlOut, tag: &str) {
        use super::xml_record::{close, open as open_tag, write_nodes, write_scalar};
        open_tag(out, tag, &[]);
        write_scalar(out, "TripId", &self.trip_id);
        write_scalar(out, "TripName", &self.trip_name);
        write_scalar(out, "TripStatus", &self.trip_status);
        write_scalar(out, "StartDateLocal", &self.start_date_local);
        write_scalar(out, "EndDateLocal", &self.end_date_local);
        write_scalar(out, "DateModifiedUtc", &self.date_modified_utc);
        write_scalar(out, "UserLoginId", &self.user_login_id);
        write_scalar(out, "BookingSource", &self.booking_source);
        write_scalar(out, "RecordLocator", &self.record_locator);
        write_scalar(out, "TravelerFirst", &self.traveler_first);
        write_scalar(out, "TravelerLast", &self.traveler_last);
        write_scalar(out, "Passengers", &self.passengers);
        write_scalar(out, "id", &self.id);
        write_nodes(out, &self.extra);
        close(out, tag);
    }
}

/// Reads one `ItineraryInfo` whose start is `open` (borrowed: no name is copied).
fn read_info<'a>(s: &mut XmlStream<'a>, open: Tag<'a>) -> Result<ItineraryInfo> {
    let mut v = ItineraryInfo::default();
    let mut extra = Vec::new();
    children(s, open.empty, &mut extra, |s, o, x| {
        let slot = match &*o.name {
            "TripId" => &mut v.trip_id,
            "id" => &mut v.id,
            "TripName" => &mut v.trip_name,
            "UserLoginId" => &mut v.user_login_id,
            "BookingSource" => &mut v.booking_source,
            "RecordLocator" => &mut v.record_locator,
            "TravelerFirst" => &mut v.traveler_first,
            "TravelerLast" => &mut v.traveler_last,
            "Passengers" => &mut v.passengers,
            "TripStatus" => return scalar(s, o, &mut v.trip_status, x),
            "StartDateLocal" => return scalar(s, o, &mut v.start_date_local, x),
            "EndDateLocal" => return scalar(s, o, &mut v.end_date_local, x),
            "DateModifiedUtc" => return scalar(s, o, &mut v.date_modified_utc, x),
            _ => {
                let e = s.capture_tag(o)?;
                x.push(XmlNode::Element(e));
                return Ok(());
            }
        };
        scalar(s, o, slot, x)
    })?;
    v.extra = extra;
    Ok(v)
}

fn int(el: &XmlElement, name: &str) -> Option<i64> {
    el.child_text(name).and_then(|t| t.parse().ok())
}

/// Reads the `ItineraryInfo` items of an `ItineraryInfoList` whose start is `open`.
fn read_infos<'a>(
    s: &mut XmlStream<'a>,
    open: Tag<'a>,
    trips: &mut Vec<ItineraryInfo>,
) -> Result<()> {
    let mut ignored = Vec::new();
    children(s, open.empty, &mut ignored, |s, o, _| {
        if o.name == "ItineraryInfo" {
            trips.push(read_info(s, o)?);
        } else {
            s.capture_tag(o)?;
        }
        Ok(())
    })
}

/// Reads `<ItineraryInfoList>` or the paged `<ConnectResponse>`.
pub fn read_trip_list(text: &str) -> Result<TripList> {
    let mut s = XmlStream::new(text);
    let root = s.root_tag()?;
    let mut list = TripList::default();
    match &*root.name {
        "ItineraryInfoList" => read_infos(&mut s, root, &mut list.trips)?,
        "ConnectResponse" => {
            let mut ignored = Vec::new();
            children(&mut s, root.empty, &mut ignored, |s, o, _| {
                match &*o.name {
                    "Metadata" => {
                        let meta = s.capture_tag(o)?;
                        list.paging = meta.child("Paging").map(|p| Paging {
                            total_pages: int(p, "TotalPages"),
                            total_items: int(p, "TotalItems"),
                            current_page: int(p, "CurrentPage"),
                            items_per_page: int(p, "ItemsPerPage"),
                            previous_page_url: p.child_text("PreviousPageURL"),
                            next_page_url: p.child_text("NextPageURL"),
                        });
                    }
                    "Data" => {
                        let mut inner = Vec::new();
                        children(s, o.empty, &mut inner, |s, d, _| {
                            if d.name == "ItineraryInfoList" {
                                read_infos(s, d, &mut list.trips)
                            } else {
                                s.capture_tag(d).map(|_| ())
                            }
                        })?;
                    }
                    _ => {
                        s.capture_tag(o)?;
                    }
                }
                Ok(())
            })?;
        }
        other => {
            return Err(TriplinkError::decode(
                "xml",
                format!("expected a trip list, found <{other}>"),
            ))
        }
    }
    s.finish()?;
    Ok(list)
}
