//! Itinerary v1 XML: every fixture parses to the expected typed values, round trips are
//! lossless (unknown, duplicate, nil and ill-typed elements come back in order), documents the
//! SDK writes validate with `xmllint --schema` against the patched official XSDs, and hostile
//! input gets typed errors.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use triplink_core::model::itinerary::*;
use triplink_core::wire::itinerary::*;
use triplink_core::wire::xml_tree::{parse_document, XmlNode};
use triplink_core::ErrorCode;

mod xml_compact;
use xml_compact::compact;

fn fixture(name: &str) -> String {
    let p = format!(
        "{}/../tests/fixtures/itinerary/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

fn schema(name: &str) -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../spec/itinerary-v1/patched")
        .join(name);
    assert!(
        p.exists(),
        "the patched XSDs are expected in the repository at {}",
        p.display()
    );
    p
}

/// Validates `doc` with xmllint; the test fails (never skips) when xmllint is missing.
/// Fails unless every one of `parts` is in the written document `out`.
fn assert_written(out: &str, parts: &[&str]) {
    for part in parts {
        assert!(out.contains(part), "missing {part:?} in\n{out}");
    }
}

fn validate(doc: &str, xsd: &str) {
    let dir = std::env::temp_dir().join(format!("triplink-xsd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("doc-{}.xml", doc.len()));
    std::fs::write(&file, doc).unwrap();
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema(xsd))
        .arg(&file)
        .output()
        .expect("xmllint must be installed (libxml2-utils; scripts/setup.sh installs it)");
    assert!(
        out.status.success(),
        "{}\n{doc}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn full_trip_parses_typed_values_of_every_segment_kind() {
    let trip = read_itinerary(&fixture("trip_all_segments.xml")).unwrap();
    assert_eq!(trip.trip_name.as_deref(), Some("Seattle & Vancouver"));
    assert_eq!(trip.trip_status, Some(0.into()));
    assert_eq!(trip.is_personal, Some(false.into()));
    assert_eq!(
        trip.start_date_local.as_ref().unwrap().to_string(),
        "2024-05-01T08:00:00"
    );
    let booking = &trip.bookings.as_ref().unwrap()[0];
    assert_eq!(booking.record_locator.as_deref(), Some("ABC123"));
    assert_eq!(
        booking
            .date_booked_local
            .as_ref()
            .unwrap()
            .offset
            .unwrap()
            .whole_hours(),
        -7
    );
    let pax = &booking.passengers.as_ref().unwrap()[0];
    assert_eq!(pax.name_first.as_deref(), Some("Zoë"));
    let ff = pax.frequent_traveler_programs.as_ref().unwrap();
    assert!(
        matches!(&ff[0], FrequentTravelerProgram::FrequentFlyer(f) if f.frequent_flyer_number.as_deref() == Some("100200300"))
    );
    let segs = booking.segments.as_ref().unwrap();
    let kinds: Vec<&str> = segs
        .iter()
        .map(|s| match s {
            Segment::Hotel(_) => "Hotel",
            Segment::Air(_) => "Air",
            Segment::Car(_) => "Car",
            Segment::Rail(_) => "Rail",
            Segment::Ride(_) => "Ride",
            Segment::Dining(_) => "Dining",
            Segment::Parking(_) => "Parking",
            Segment::Event(_) => "Event",
            Segment::Travel(_) => "Travel",
            Segment::Other(_) => "Other",
        })
        .collect();
    assert_eq!(
        kinds,
        ["Hotel", "Air", "Car", "Rail", "Ride", "Dining", "Parking", "Event", "Travel"]
    );
    let Segment::Hotel(h) = &segs[0] else {
        panic!()
    };
    assert_eq!(h.total_rate.as_ref().unwrap().as_str(), "567.00");
    assert_eq!(h.num_rooms, Some(1.into()));
    let charges = h.charges.as_ref().unwrap();
    assert!(
        matches!(&charges[0], Charge::Rate(r) if r.num_units.as_ref().map(|d| d.as_str()) == Some("3") && r.semantics_code.as_deref() == Some("ROOMRATE"))
    );
    assert!(
        matches!(&charges[1], Charge::Fixed(f) if f.amount.as_ref().unwrap().as_str() == "20.00")
    );
    let Segment::Air(a) = &segs[1] else { panic!() };
    assert_eq!(
        a.seats.as_ref().unwrap()[0].seat_number.as_deref(),
        Some("12A")
    );
    let ca = &trip.custom_attributes.as_ref().unwrap()[0];
    assert_eq!(
        (ca.name.as_deref(), ca.data_type.clone()),
        (Some("ProposalBatchSize"), Some(DataType::Numeric))
    );
    // The nil element is kept, not lost.
    assert!(trip
        .extra
        .iter()
        .any(|n| matches!(n, XmlNode::Element(e) if e.name == "BookedByFirstName" && e.is_nil())));
}

#[test]
fn writes_validate_against_the_xsd_and_round_trip_exactly() {
    let trip = read_itinerary(&fixture("trip_all_segments.xml")).unwrap();
    let out = write_itinerary(&trip).unwrap();
    assert!(
        out.contains("<Itinerary xmlns=\"http://www.concursolutions.com/api/travel/trip/2010/06\"")
    );
    validate(&out, "ItinServices_Public_0.patched.ns.xsd");
    assert_eq!(read_itinerary(&out).unwrap(), trip);
    let booking = read_booking(&fixture("booking_post.xml")).unwrap();
    let out = write_booking(&booking).unwrap();
    validate(&out, "ItinServices_Public_0.patched.xsd");
    assert_eq!(read_booking(&out).unwrap(), booking);
}

#[test]
fn nothing_unknown_is_lost_on_a_round_trip() {
    let src = fixture("trip_unknowns.xml");
    let trip = read_itinerary(&src).unwrap();
    assert_eq!(trip.trip_status, Some(0.into()), "first TripStatus typed");
    assert_eq!(
        trip.start_date_local, None,
        "an ill-typed date is not guessed"
    );
    let out = write_itinerary(&trip).unwrap();
    assert_written(&out, &[
        "<FutureField flag=\"yes\">from a newer API<Nested a=\"1\"><Deeper>text &amp; more</Deeper></Nested></FutureField>",
        "<TripStatus>1</TripStatus>",
        "<ItinSourceName>TravelSupplier</ItinSourceName>",
        "<PassengerKey>0</PassengerKey>",
        "<TimeZoneId>Pacific</TimeZoneId>",
        "<Sparkle level=\"3\"/>",
        "<Misc><Name>Not in v1</Name></Misc>",
        "<VendorExtension><Points>12</Points></VendorExtension>",
        "<StartDateLocal>not a date</StartDateLocal>",
    ]);
    assert_eq!(read_itinerary(&out).unwrap(), trip);
}

#[test]
fn date_times_are_written_as_read_or_as_changed() {
    let src = concat!(
        r#"<Itinerary xmlns="http://www.concursolutions.com/api/travel/trip/2010/06">"#,
        "<StartDateLocal>2024-05-01T08:00:00.1234567890</StartDateLocal>",
        "<EndDateLocal>2024-05-04T18:00:00-00:00</EndDateLocal>",
        "<DateModifiedUtc>2024-04-01T17:00:00.50Z</DateModifiedUtc>",
        "</Itinerary>"
    );
    let mut trip = read_itinerary(src).unwrap();
    // Shapes that would not come back exactly are kept verbatim, not read.
    assert_eq!(trip.start_date_local, None);
    assert_eq!(trip.end_date_local, None);
    let out = write_itinerary(&trip).unwrap();
    assert_written(
        &out,
        &[
            "<StartDateLocal>2024-05-01T08:00:00.1234567890</StartDateLocal>",
            "<EndDateLocal>2024-05-04T18:00:00-00:00</EndDateLocal>",
            "<DateModifiedUtc>2024-04-01T17:00:00.50Z</DateModifiedUtc>",
        ],
    );
    // A changed value is written as it now is, in the spelling it was read in.
    let modified = trip.date_modified_utc.as_mut().unwrap();
    modified.local = modified.local.replace_minute(45).unwrap();
    let out = write_itinerary(&trip).unwrap();
    assert!(out.contains("<DateModifiedUtc>2024-04-01T17:45:00.50Z</DateModifiedUtc>"));
    assert_eq!(read_itinerary(&out).unwrap(), trip);
}

#[test]
fn indentation_is_skipped_but_text_is_kept_exactly() {
    let src = concat!(
        "<Itinerary>\n  <TripName>  Seattle  </TripName>\n",
        "  <TripStatus> x1 </TripStatus>\n",
        "  <Future>  padded <Inner>  deep</Inner>  tail </Future>\n",
        "  stray text\n",
        "  <Bookings>\n    <Booking>\n      <RecordLocator>ABC</RecordLocator>\n",
        "    </Booking>\n  </Bookings>\n</Itinerary>\n"
    );
    let trip = read_itinerary(src).unwrap();
    // Values are trimmed, as before; one that does not fit its type is kept as written.
    assert_eq!(trip.trip_name.as_deref(), Some("Seattle"));
    assert_eq!(trip.trip_status, None);
    let bookings = trip.bookings.as_deref().unwrap();
    assert_eq!(bookings[0].record_locator.as_deref(), Some("ABC"));
    let out = write_itinerary(&trip).unwrap();
    assert_written(
        &out,
        &[
            "<TripStatus> x1 </TripStatus>",
            // Unknown elements keep their text exactly, leading blanks included.
            "<Future>  padded <Inner>  deep</Inner>  tail </Future>",
            // Stray text in element-only content is kept, without the indentation before it
            // (blank text there is dropped, as it always was).
            "stray text\n  ",
        ],
    );
    assert_eq!(read_itinerary(&out).unwrap(), trip);

    // The public stream API still hands out every text exactly.
    let mut s = triplink_core::wire::xml_stream::XmlStream::new("<a>\n  <b>  v </b></a>");
    let root = s.root().unwrap();
    let mut texts = Vec::new();
    triplink_core::wire::itinerary::xml_record::read_children(
        &mut s,
        root.empty,
        &mut Vec::new(),
        |s, _open, _extra| {
            while let triplink_core::wire::xml_stream::Item::Text(t) = s.next_item()? {
                texts.push(t);
            }
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(texts, ["  v "]);
}

/// Reads `src`, writes it, and checks the written text reads to the same trip and writes to
/// the same text again: the round trip the fuzz target `itinerary_xml` checks.
fn reads_back_the_same(src: &str) -> Itinerary {
    let trip = read_itinerary(src).unwrap();
    let out = write_itinerary(&trip).unwrap();
    let again = read_itinerary(&out).unwrap();
    assert_eq!(again, trip, "{src}\n{out}");
    assert_eq!(write_itinerary(&again).unwrap(), out, "{src}");
    trip
}

#[test]
fn odd_text_reads_back_the_same_after_a_write() {
    // Each of these came out of the fuzz target's round-trip check.
    // Text among a record's children is kept in `extra`, which is written after the known
    // fields: pieces that end up side by side there must read back as the one text they make,
    // (text split by a reference, with blanks after it; text on both sides of a known field),
    // and text starts without blanks, as the lexer reads it after an element (CDATA too).
    for (src, kept) in [
        (
            "<Itinerary><TripName>a</TripName>\n  &quot;   <TripStatus>1</TripStatus></Itinerary>",
            "\"   ",
        ),
        (
            "<Itinerary>one <TripName>a</TripName>two<Future/>three</Itinerary>",
            "one two",
        ),
        (
            "<Itinerary><TripName>a</TripName><![CDATA[  x]]></Itinerary>",
            "x",
        ),
        ("<Itinerary>&#32;  x<TripName>a</TripName></Itinerary>", "x"),
    ] {
        let trip = reads_back_the_same(src);
        assert_eq!(
            trip.extra.first(),
            Some(&XmlNode::Text(kept.to_owned())),
            "{src}"
        );
    }
    // In a captured element, blanks before a reference belong to the text it continues.
    let trip = reads_back_the_same("<Itinerary><Future><A/>\n  &quot; <B/></Future></Itinerary>");
    let XmlNode::Element(future) = &trip.extra[0] else {
        panic!("{:?}", trip.extra)
    };
    assert_eq!(future.children[1], XmlNode::Text("\n  \" ".into()));
    // A list kept raw because of stray text: the text after a reference joins it.
    let trip = reads_back_the_same(
        "<Itinerary><Bookings><Booking/>&amp;x<Booking/></Bookings></Itinerary>",
    );
    assert_eq!(trip.bookings, None);
    let XmlNode::Element(bookings) = &trip.extra[0] else {
        panic!("{:?}", trip.extra)
    };
    assert_eq!(bookings.children[1], XmlNode::Text("&x".into()));
    // CR (which a parser reads as LF when written as is) and tab and LF in attribute values
    // (which it reads as spaces) are written as references.
    let trip = reads_back_the_same(
        "<Itinerary><Comments>a&#xD;&#xA;b</Comments><Future at='x&#9;y&#10;z&#13;'/></Itinerary>",
    );
    assert_eq!(trip.comments.as_deref(), Some("a\r\nb"));
    let out = write_itinerary(&trip).unwrap();
    assert!(
        out.contains("a&#xD;\nb") && out.contains("at=\"x&#x9;y&#xA;z&#xD;\""),
        "{out}"
    );
}

#[test]
fn indented_and_compact_documents_read_the_same() {
    // Indentation is skipped inside the lexer in element-only content and read as text
    // everywhere else: either way it must not change what a document reads to.
    for name in ["trip_all_segments.xml", "trip_unknowns.xml"] {
        let src = fixture(name);
        assert_ne!(compact(&src), src, "{name} has indentation to remove");
        assert_eq!(
            read_itinerary(&compact(&src)).unwrap(),
            read_itinerary(&src).unwrap(),
            "{name}"
        );
    }
    let src = fixture("booking_post.xml");
    assert_eq!(
        read_booking(&compact(&src)).unwrap(),
        read_booking(&src).unwrap()
    );
    for name in ["trip_list.xml", "trip_list_paged.xml"] {
        let src = fixture(name);
        assert_eq!(
            read_trip_list(&compact(&src)).unwrap(),
            read_trip_list(&src).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn namespaces_encodings_and_lists() {
    let https = read_itinerary(&fixture("booking_response_https_ns.xml")).unwrap();
    assert_eq!(https.itin_locator.as_deref(), Some("I4XYZ"));
    let nons = fixture("trip_all_segments.xml").replace(
        " xmlns=\"http://www.concursolutions.com/api/travel/trip/2010/06\"",
        "",
    );
    assert_eq!(
        read_itinerary(&nons).unwrap(),
        read_itinerary(&fixture("trip_all_segments.xml")).unwrap()
    );
    let crlf = fixture("booking_post.xml").replace('\n', "\r\n");
    assert_eq!(
        read_booking(&crlf).unwrap(),
        read_booking(&fixture("booking_post.xml")).unwrap()
    );
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            fixture("booking_post.xml")
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        )
        .collect();
    let text = triplink_core::wire::body::decode_text(&utf16, "xml").unwrap();
    assert_eq!(
        read_booking(&text).unwrap().record_locator.as_deref(),
        Some("ACME-5551234")
    );
    let list = read_trip_list(&fixture("trip_list.xml")).unwrap();
    assert_eq!(list.trips.len(), 2);
    assert_eq!(list.trips[1].trip_status, Some(2.into()));
    assert!(list.paging.is_none());
    let paged = read_trip_list(&fixture("trip_list_paged.xml")).unwrap();
    let p = paged.paging.unwrap();
    assert_eq!(
        (p.total_pages, p.current_page, p.previous_page_url),
        (Some(2), Some(1), None)
    );
    assert!(p.next_page_url.unwrap().ends_with("Page=2"));
}

#[test]
fn hostile_and_wrong_documents_are_typed_errors() {
    for bad in [
        "<!DOCTYPE Itinerary [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Itinerary>&x;</Itinerary>",
        "<Itinerary><TripName>unterminated",
        "<Booking/>",
        "",
        &"<Itinerary>".repeat(100),
    ] {
        let e = read_itinerary(bad).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Decode, "{bad:.40}");
    }
    assert!(read_trip_list("<Other/>").is_err());
    assert!(parse_document("<a>\u{0}</a>").is_err());
}

#[test]
fn strays_inside_list_containers_keep_the_whole_container() {
    let doc = "<Itinerary><TripName>T</TripName><Bookings><Booking><RecordLocator>R1</RecordLocator><BookingSource>S</BookingSource>\
<Segments><Hotel><ConfirmationNumber>C1</ConfirmationNumber></Hotel>loose text<Car><ConfirmationNumber>C2</ConfirmationNumber></Car></Segments>\
</Booking><Note kind=\"x\">not a booking</Note><Booking><RecordLocator>R2</RecordLocator></Booking></Bookings><TripStatus>0</TripStatus></Itinerary>";
    let trip = read_itinerary(doc).unwrap();
    assert_eq!(
        trip.bookings, None,
        "a list holding a stranger is kept raw, whole"
    );
    assert_eq!(trip.trip_status, Some(0.into()), "reading goes on after it");
    let out = write_itinerary(&trip).unwrap();
    assert_written(
        &out,
        &[
            "<Note kind=\"x\">not a booking</Note>",
            "<RecordLocator>R2</RecordLocator>",
            "loose text",
            "<ConfirmationNumber>C2</ConfirmationNumber>",
        ],
    );
    assert_eq!(read_itinerary(&out).unwrap(), trip);
    let seg_doc = "<Booking><RecordLocator>R</RecordLocator><Segments><Hotel><Name>A</Name></Hotel>stray<Air/></Segments></Booking>";
    let b = read_booking(seg_doc).unwrap();
    assert_eq!(b.segments, None);
    assert!(write_booking(&b)
        .unwrap()
        .contains("<Hotel><Name>A</Name></Hotel>stray<Air/>"));
}

#[test]
fn integers_and_booleans_are_written_as_read_or_as_changed() {
    // Issue 24, item 3: an agency number `05672568` came back as `5672568`, `+0` as `0`, a
    // boolean `1` as `true`.
    let src = concat!(
        r#"<Itinerary xmlns="http://www.concursolutions.com/api/travel/trip/2010/06">"#,
        "<TripName>T</TripName><TripStatus>+0</TripStatus><IsPersonal>0</IsPersonal>",
        "<Bookings><Booking><RecordLocator>R1</RecordLocator>",
        "<AirlineTickets><AirlineTicket><IssuingIataAgencyNumber>05672568</IssuingIataAgencyNumber>",
        "</AirlineTicket></AirlineTickets>",
        "<Segments><Hotel><NumRooms>01</NumRooms><NumPersons>4</NumPersons></Hotel></Segments>",
        "</Booking></Bookings></Itinerary>"
    );
    let mut trip = read_itinerary(src).unwrap();
    assert_eq!(trip.trip_status.map(|s| s.value), Some(0), "typed");
    assert_eq!(trip.is_personal.map(|b| b.value), Some(false), "typed");
    let out = write_itinerary(&trip).unwrap();
    assert_written(
        &out,
        &[
            "<TripStatus>+0</TripStatus>",
            "<IsPersonal>0</IsPersonal>",
            "<IssuingIataAgencyNumber>05672568</IssuingIataAgencyNumber>",
            "<NumRooms>01</NumRooms>",
            "<NumPersons>4</NumPersons>",
        ],
    );
    assert_eq!(read_itinerary(&out).unwrap(), trip);
    // Through JSON too: plain spellings stay numbers and booleans, others are strings.
    let json = serde_json::to_value(&trip).unwrap();
    assert_eq!(json["tripStatus"], "+0");
    assert_eq!(json["isPersonal"], "0");
    assert_eq!(
        json["bookings"][0]["segments"][0]["Hotel"]["numPersons"], 4,
        "{json}"
    );
    assert_eq!(serde_json::from_value::<Itinerary>(json).unwrap(), trip);
    // A changed value is written in the spelling it was read in.
    trip.is_personal.as_mut().unwrap().value = true;
    trip.trip_status = Some(7.into());
    let out = write_itinerary(&trip).unwrap();
    assert_written(
        &out,
        &["<IsPersonal>1</IsPersonal>", "<TripStatus>7</TripStatus>"],
    );
}
