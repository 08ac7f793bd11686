//! The XML text of the Itinerary scalars: the `XmlScalar` parse/render trait the generated
//! codec uses for every simple element, and its implementations for the model's scalar types
//! (`Text`, `Decimal`, `ItinDateTime`, the spelled integers and booleans; the generated value
//! enums implement it in `generated/values.rs`).

use super::xml_write::XmlOut;
use crate::model::itinerary::scalars::{trim_text, Decimal, ItinDateTime, Text};
use crate::model::itinerary::spelled::{Boolean, XsInt};
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// A simple element value: parsed from the element's text, rendered back to text.
pub trait XmlScalar: Sized {
    /// Parses the text; `None` when it does not fit the type (the element is then kept raw).
    fn parse_text(text: &str) -> Option<Self>;
    /// The text to write.
    fn render(&self) -> Cow<'_, str>;
    /// Appends the text to write, escaped for XML content (types whose text never needs
    /// escaping write it directly, without an intermediate string).
    fn write_escaped(&self, out: &mut XmlOut) {
        out.push_str(&crate::wire::xml_tree::escape(&self.render()));
    }
}

impl XmlScalar for Text {
    fn parse_text(text: &str) -> Option<Self> {
        Some(Text::new(text))
    }
    fn render(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl XmlScalar for bool {
    fn parse_text(text: &str) -> Option<Self> {
        match trim_text(text) {
            "true" | "1" | "True" | "TRUE" => Some(true),
            "false" | "0" | "False" | "FALSE" => Some(false),
            _ => None,
        }
    }
    fn render(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

macro_rules! int_scalar {
    ($($t:ty),*) => {$(
        impl XmlScalar for $t {
            fn parse_text(text: &str) -> Option<Self> {
                trim_text(text).parse().ok()
            }
            fn render(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}
int_scalar!(i64, u8);

impl XmlScalar for Decimal {
    fn parse_text(text: &str) -> Option<Self> {
        Decimal::new(text)
    }
    fn render(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.as_str())
    }
}

impl XmlScalar for ItinDateTime {
    fn parse_text(text: &str) -> Option<Self> {
        ItinDateTime::parse(text)
    }
    fn render(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
    fn write_escaped(&self, out: &mut XmlOut) {
        // Digits, signs, `-`, `:`, `.`, `T` and `Z`: nothing to escape, nothing to allocate.
        out.push_str(self.spell().as_str());
    }
}

/// The model's own text form (the inherent `parse_text` / `render`, which keep the spelling).
impl<T: FromStr + fmt::Display> XmlScalar for XsInt<T> {
    fn parse_text(text: &str) -> Option<Self> {
        <XsInt<T>>::parse_text(text)
    }
    fn render(&self) -> Cow<'_, str> {
        <XsInt<T>>::render(self)
    }
}

/// As for [`XsInt`]: the model's own text form.
impl XmlScalar for Boolean {
    fn parse_text(text: &str) -> Option<Self> {
        <Boolean>::parse_text(text)
    }
    fn render(&self) -> Cow<'_, str> {
        <Boolean>::render(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_are_written_escaped_exactly_as_read() {
        for t in [
            "2024-05-01T15:00:00",
            "2024-05-01T15:30",
            "2024-05-01T15:30:07.123456789",
            "2024-05-01T15:30:07.000000001Z",
            "2020-01-06T00:00:00-04:00",
            "2020-01-06T00:00+14:00",
        ] {
            let d = <ItinDateTime as XmlScalar>::parse_text(t).unwrap();
            let mut xml = XmlOut::default();
            d.write_escaped(&mut xml);
            assert_eq!(xml.as_str(), t);
            assert_eq!(XmlScalar::render(&d), t);
        }
    }

    #[test]
    fn spelled_scalars_read_and_write_through_the_trait() {
        let n = <crate::model::itinerary::Integer as XmlScalar>::parse_text("+05").unwrap();
        assert_eq!(XmlScalar::render(&n), "+05");
        let b = <Boolean as XmlScalar>::parse_text("TRUE").unwrap();
        assert_eq!(XmlScalar::render(&b), "TRUE");
        assert!(<Decimal as XmlScalar>::parse_text("1,5").is_none());
    }
}
