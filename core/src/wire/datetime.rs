//! Date-time text as the Concur APIs write it: `YYYY-MM-DDTHH:MM:SS` without a zone (UTC for
//! connection requests), optionally with fractional seconds, `Z` or an offset (RFC 3339).

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

/// Parses a zone-less timestamp as UTC, or an RFC 3339 one with its offset.
pub fn parse_utc_lenient(text: &str) -> Option<OffsetDateTime> {
    let t = text.trim();
    if let Ok(v) = OffsetDateTime::parse(t, &Rfc3339) {
        return Some(v);
    }
    let fmt = format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
    );
    PrimitiveDateTime::parse(t, fmt)
        .ok()
        .map(PrimitiveDateTime::assume_utc)
}

/// Writes a UTC timestamp the way connection requests carry it: `YYYY-MM-DDTHH:MM:SS`, no zone.
pub fn format_utc_zoneless(value: OffsetDateTime) -> String {
    let v = value.to_offset(time::UtcOffset::UTC);
    let fmt = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    v.format(fmt).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_zoneless_as_utc_and_rfc3339_with_offset() {
        let a = parse_utc_lenient("2022-11-02T09:39:21").unwrap();
        assert_eq!(a.unix_timestamp(), 1_667_381_961);
        let b = parse_utc_lenient("2022-11-02T09:39:21.250").unwrap();
        assert_eq!(b.unix_timestamp(), 1_667_381_961);
        let c = parse_utc_lenient("2022-11-02T10:39:21+01:00").unwrap();
        assert_eq!(c.unix_timestamp(), 1_667_381_961);
        assert!(parse_utc_lenient("string").is_none());
        assert_eq!(format_utc_zoneless(c), "2022-11-02T09:39:21");
    }
}
