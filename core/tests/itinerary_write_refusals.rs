//! Itinerary v1 writers refuse, with a typed `InvalidInput` naming the element, a model that
//! XML 1.0 cannot carry (a control character, U+FFFE or U+FFFF in a value, an `extra` name that is not an XML
//! name): a model built in code or from JSON never becomes a document Concur would reject as
//! malformed. What they accept reads back.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use triplink_core::api::itinerary::build_post_booking_request;
use triplink_core::model::itinerary::*;
use triplink_core::wire::itinerary::{read_itinerary, write_booking, write_itinerary};
use triplink_core::wire::xml_tree::{XmlElement, XmlNode};
use triplink_core::{ApiConfig, ErrorCode, Secret, TriplinkError};

fn trip() -> Itinerary {
    let p = format!(
        "{}/../tests/fixtures/itinerary/trip_all_segments.xml",
        env!("CARGO_MANIFEST_DIR")
    );
    read_itinerary(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn element(name: &str, attrs: &[(&str, &str)], children: Vec<XmlNode>) -> XmlNode {
    XmlNode::Element(XmlElement {
        name: name.into(),
        attrs: attrs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect(),
        children,
    })
}

/// The refusal, checked to be `InvalidInput` about `field`.
fn refused(trip: &Itinerary, field: &str) -> TriplinkError {
    let err = write_itinerary(trip).expect_err("written, but XML cannot carry it");
    assert_eq!(err.code(), ErrorCode::InvalidInput, "{err}");
    match &err {
        TriplinkError::InvalidInput { field: f, .. } => assert_eq!(f, field, "{err}"),
        other => panic!("not InvalidInput: {other:?}"),
    }
    err
}

#[test]
fn control_characters_in_values_are_refused_by_element() {
    let mut t = trip();
    t.trip_name = Some("Paris\u{1}".into());
    let err = refused(&t, "TripName");
    assert!(err.to_string().contains("U+0001"), "{err}");

    // The two noncharacters XML bars.
    for c in ['\u{fffe}', '\u{ffff}'] {
        let mut t = trip();
        t.comments = Some(format!("a{c}").into());
        let err = refused(&t, "Comments");
        assert!(
            err.to_string().contains(&format!("U+{:04X}", u32::from(c))),
            "{err}"
        );
    }

    // Deep in a booking, and in every C0 control XML bars.
    for c in ('\0'..'\u{20}').filter(|c| !matches!(c, '\t' | '\n' | '\r')) {
        let mut t = trip();
        t.bookings.as_mut().unwrap()[0].record_locator = Some(format!("AB{c}C").into());
        refused(&t, "RecordLocator");
    }

    // In text after a child element: named after the parent, not the child.
    let mut t = trip();
    t.extra.push(element(
        "Note",
        &[],
        vec![
            element("Empty", &[], vec![]),
            element("Full", &[], vec![XmlNode::Text("ok".into())]),
            XmlNode::Text("\u{2}".into()),
        ],
    ));
    refused(&t, "Note");
    let mut t = trip();
    t.extra.push(XmlNode::Text("stray \u{3}".into()));
    refused(&t, "Itinerary");

    // In captured text, and in an attribute value.
    let mut t = trip();
    t.extra.push(element(
        "Note",
        &[],
        vec![XmlNode::Text("bell \u{7}".into())],
    ));
    refused(&t, "Note");
    let mut t = trip();
    t.extra_attrs.push(("note".into(), "\u{1b}[1m".into()));
    refused(&t, "Itinerary");
}

#[test]
fn names_that_are_not_xml_names_are_refused() {
    for bad in ["", "a b", "1st", "x:y", "a\"b", "<"] {
        let mut t = trip();
        t.extra.push(element(bad, &[], vec![]));
        refused(&t, bad);
    }
    // Attribute names: not a name, prefixed, a namespace declaration, a repeat.
    for attrs in [
        &[("a b", "1")][..],
        &[("p:q", "1")],
        &[("xmlns", "urn:x")],
        &[("k", "1"), ("k", "2")],
    ] {
        let mut t = trip();
        t.extra.push(element("Kept", attrs, vec![]));
        refused(&t, "Kept");
        let mut t = trip();
        t.extra_attrs = attrs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect();
        refused(&t, "Itinerary");
    }
}

#[test]
fn what_xml_can_carry_is_written_and_reads_back() {
    let mut t = trip();
    t.trip_name = Some("Zürich\ttab\nline \u{fffd}\u{ff71}\u{10ffff} 😀 <&>\"'".into());
    t.extra.push(element(
        "Größe",
        &[("été", "a\tb\nc\rd"), ("nil", "false")],
        vec![XmlNode::Text("x\ry".into())],
    ));
    let xml = write_itinerary(&t).unwrap();
    assert_eq!(read_itinerary(&xml).unwrap(), t);
}

#[test]
fn a_booking_post_is_refused_before_any_request_is_built() {
    let mut b = *trip().bookings.unwrap().remove(0);
    b.record_locator = Some("ABC123".into());
    b.extra
        .push(element("Remark", &[], vec![XmlNode::Text("\u{c}".into())]));
    let config = ApiConfig::new("https://us.api.concursolutions.com").unwrap();
    let err = build_post_booking_request(&config, &Secret::new("t0k"), &b, None, None)
        .expect_err("a request was built for a booking XML cannot carry");
    assert_eq!(err.code(), ErrorCode::InvalidInput, "{err}");
    assert_eq!(write_booking(&b).unwrap_err().to_string(), err.to_string());
}
