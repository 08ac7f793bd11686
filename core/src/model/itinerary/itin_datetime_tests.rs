//! Tests of `ItinDateTime`: the hand parser against the `time` crate's, and exact writing
//! of every shape it reads.

use super::*;
use time::macros::format_description;

#[test]
fn datetimes_keep_their_text_and_offset() {
    let a = ItinDateTime::parse("2020-01-06T00:00:00-04:00").unwrap();
    assert_eq!(a.offset.unwrap().whole_hours(), -4);
    assert_eq!(a.to_string(), "2020-01-06T00:00:00-04:00");
    let b = ItinDateTime::parse("2024-05-01T15:00:00").unwrap();
    assert!(b.offset.is_none());
    assert!(ItinDateTime::parse("2024-05-01T15:00:00Z")
        .unwrap()
        .offset
        .is_some());
    assert!(ItinDateTime::parse("2024-05-01T15:30").is_some());
    assert!(ItinDateTime::parse("HK").is_none());
    assert!(ItinDateTime::parse("2024-13-01T00:00:00").is_none());
}

#[test]
fn unchanged_values_are_written_exactly_as_read() {
    for t in [
        "2024-05-01T15:00:00",
        "2024-05-01T15:30",
        "0000-01-01T00:00:00",
        "9999-12-31T23:59:59",
        "2024-05-01T15:30:07.5",
        "2024-05-01T15:30:07.50",
        "2024-05-01T15:30:07.000",
        "2024-05-01T15:30:07.123456789",
        "2024-05-01T15:30:07.000000001Z",
        "2024-05-01T15:00:00Z",
        "2024-05-01T15:00:00+00:00",
        "2020-01-06T00:00:00-04:00",
        "2020-01-06T00:00:00+05:30",
        "2020-01-06T00:00:00-00:30",
        "2020-01-06T00:00+14:00",
    ] {
        let d = ItinDateTime::parse(t).unwrap_or_else(|| panic!("{t} not read"));
        assert_eq!(d.to_string(), t);
        assert_eq!(String::from(d), t);
    }
    // Leading and trailing blanks are not part of the value.
    let d = ItinDateTime::parse(" 2024-05-01T15:00:00\n").unwrap();
    assert_eq!(d.to_string(), "2024-05-01T15:00:00");
}

#[test]
fn text_that_cannot_be_written_back_exactly_is_not_read() {
    // Kept verbatim by the model instead (see `scalar` in wire::itinerary::xml_record).
    for t in [
        "2024-05-01T15:30:07.1234567890",
        "2024-05-01T15:30:07.9999999999999Z",
        "2024-05-01T15:00:00-00:00",
    ] {
        assert_eq!(ItinDateTime::parse(t), None, "{t}");
    }
}

#[test]
fn changed_fields_are_written_as_they_now_are() {
    let mut d = ItinDateTime::parse("2024-05-01T15:30Z").unwrap();
    d.local = d.local.replace_second(9).unwrap();
    assert_eq!(d.to_string(), "2024-05-01T15:30:09Z");
    d.local = d.local.replace_nanosecond(250_000_000).unwrap();
    assert_eq!(d.to_string(), "2024-05-01T15:30:09.25Z");
    d.offset = Some(UtcOffset::from_hms(-3, -30, 0).unwrap());
    assert_eq!(d.to_string(), "2024-05-01T15:30:09.25-03:30");
    d.offset = None;
    assert_eq!(d.to_string(), "2024-05-01T15:30:09.25");
    // Digits the text had are kept when the new value needs fewer.
    let mut e = ItinDateTime::parse("2024-05-01T15:30:07.500").unwrap();
    e.local = e.local.replace_nanosecond(0).unwrap();
    assert_eq!(e.to_string(), "2024-05-01T15:30:07.000");
    // Equal exactly when written the same.
    let mut f = ItinDateTime::parse("2024-05-01T15:30").unwrap();
    f.local = f.local.replace_second(7).unwrap();
    assert_eq!(f, ItinDateTime::parse("2024-05-01T15:30:07").unwrap());
    assert_ne!(f, ItinDateTime::parse("2024-05-01T15:30:07.0").unwrap());
    assert_ne!(
        ItinDateTime::parse("2024-05-01T15:30:07Z").unwrap(),
        ItinDateTime::parse("2024-05-01T15:30:07+00:00").unwrap()
    );
    let mut g = ItinDateTime::parse("2024-05-01T15:30:07Z").unwrap();
    g.offset = None;
    assert_eq!(g, ItinDateTime::parse("2024-05-01T15:30:07").unwrap());
    // Built values are written with seconds and the digits their nanoseconds need.
    let built = PrimitiveDateTime::new(
        Date::from_calendar_date(2031, Month::March, 4).unwrap(),
        Time::from_hms_nano(5, 6, 0, 7_000).unwrap(),
    );
    assert_eq!(
        ItinDateTime::local(built).to_string(),
        "2031-03-04T05:06:00.000007"
    );
    let early = built.replace_date(Date::from_calendar_date(-12, Month::May, 1).unwrap());
    assert_eq!(
        ItinDateTime::utc(early).to_string(),
        "-0012-05-01T05:06:00.000007"
    );
}

proptest::proptest! {
    /// Every text the parser accepts in the API's shapes comes back byte for byte.
    #[test]
    fn every_accepted_shape_round_trips(
        y in 0u32..10_000, mo in 1u32..13, d in 1u32..29, h in 0u32..24, mi in 0u32..60,
        sec in proptest::option::of(0u32..60),
        frac in proptest::option::of("[0-9]{1,9}"),
        zone in proptest::option::of((proptest::bool::ANY, 0u32..15, 0u32..60)),
        zulu in proptest::bool::ANY,
    ) {
        let mut t = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}");
        if let Some(s) = sec {
            t.push_str(&format!(":{s:02}"));
            if let Some(f) = &frac {
                t.push('.');
                t.push_str(f);
            }
        }
        match zone {
            _ if zulu => t.push('Z'),
            Some((neg, zh, zm)) if !(neg && zh == 0 && zm == 0) => {
                t.push_str(&format!("{}{zh:02}:{zm:02}", if neg { '-' } else { '+' }));
            }
            _ => {}
        }
        let read = ItinDateTime::parse(&t);
        proptest::prop_assert!(read.is_some(), "{} not read", t);
        proptest::prop_assert_eq!(read.map(|v| v.to_string()), Some(t));
    }
}

#[test]
fn the_hand_parser_agrees_with_the_format_parser() {
    let full = format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
    );
    let short = format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let oracle = |t: &str| {
        PrimitiveDateTime::parse(t, full)
            .or_else(|_| PrimitiveDateTime::parse(t, short))
            .ok()
    };
    let accepted = [
        "2024-05-01T15:00:00",
        "0000-01-01T00:00:00",
        "9999-12-31T23:59:59",
        "2024-02-29T12:30:45",
        "2024-05-01T15:30",
        "2024-05-01T15:30:07.5",
        "2024-05-01T15:30:07.25",
        "2024-05-01T15:30:07.123456789",
        "2024-05-01T15:30:07.000",
        "2024-05-01T15:30:07.1234567890",
        "2024-05-01T15:30:07.9999999999999",
    ];
    for t in accepted {
        assert!(parse_local(t).is_some(), "{t}");
        assert_eq!(parse_local(t), oracle(t), "{t}");
    }
    for t in [
        "2023-02-29T12:30:45",
        "2024-04-31T00:00:00",
        "2024-13-01T00:00:00",
        "2024-00-10T00:00:00",
        "2024-05-00T00:00:00",
        "2024-05-01T24:00:00",
        "2024-05-01T23:60:00",
        "2024-05-01T23:59:60",
        "2024-05-01 15:00:00",
        "2024-05-01T1a:00:00",
        "2024-05-01T15:30:07.",
        "2024-05-01T15:30:07.12345678901x",
        "2024-05-01T15:30:7",
        "2024-05-01T15",
        "2024-5-01T15:30:00",
    ] {
        assert_eq!(parse_local(t), None, "{t}");
        assert_eq!(oracle(t), None, "{t} (oracle)");
    }
    // Any number of fraction digits (xs:dateTime allows it; `time` stops at some length).
    let long = parse_local("2024-05-01T15:30:07.99999999999999999999999999999999999999999");
    assert_eq!(long.map(|v| v.nanosecond()), Some(999_999_999));
    // Shapes outside the API's may be declined, never read differently.
    for t in ["+024-05-01T15:00:00", "20240-05-01T15:00:00"] {
        if let Some(v) = parse_local(t) {
            assert_eq!(Some(v), oracle(t), "{t}");
        }
    }
}

#[test]
fn offsets_are_read_by_hand() {
    for (o, secs) in [
        ("+00:00", 0),
        ("-04:00", -4 * 3600),
        ("+05:30", 19800),
        ("-00:30", -1800),
    ] {
        assert_eq!(
            parse_offset(o).map(|x| x.whole_seconds()),
            Some(secs),
            "{o}"
        );
    }
    for bad in ["04:00", "+4:00", "+04-00", "+26:00", "+04:6x", "", "+"] {
        assert_eq!(parse_offset(bad), None, "{bad}");
    }
}
