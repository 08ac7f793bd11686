//! The one home of the Itinerary length rules: [`max_length`] reads the XSD's limits (the
//! generated `LENGTH_LIMITS` table) and [`check_text`] is the check every builder applies
//! (required or not, at most so many characters as written).

use super::generated::LENGTH_LIMITS;
use crate::error::{Result, TriplinkError};

/// The XSD's maximum length of `element` in `record` (`"Booking"`, `"RecordLocator"`), if it
/// documents one.
///
/// ```
/// use triplink_core::model::itinerary::max_length;
/// assert_eq!(max_length("Booking", "RecordLocator"), Some(50));
/// assert_eq!(max_length("Booking", "NoSuchElement"), None);
/// ```
pub fn max_length(record: &str, element: &str) -> Option<usize> {
    LENGTH_LIMITS
        .iter()
        .find(|(r, e, _)| *r == record && *e == element)
        .map(|(_, _, n)| *n)
}

/// Checks a text `value` for `element`: present and not blank when `required`, and at most
/// `max` characters as written (the XSD counts every character, blanks included). The error
/// names `element`.
///
/// ```
/// use triplink_core::model::itinerary::check_text;
/// assert!(check_text("BookingSource", Some("Demo"), Some(32), true).is_ok());
/// assert!(check_text("BookingSource", Some("  "), Some(32), true).is_err());
/// assert!(check_text("ClientLocator", None, Some(32), false).is_ok());
/// let long = "x".repeat(33);
/// let err = check_text("BookingSource", Some(&long), Some(32), true).unwrap_err();
/// assert_eq!(err.to_string(), "invalid input `BookingSource`: is longer than 32 characters");
/// ```
pub fn check_text(
    element: &str,
    value: Option<&str>,
    max: Option<usize>,
    required: bool,
) -> Result<()> {
    match value {
        None if required => Err(TriplinkError::invalid(element, "is required")),
        Some(v) if required && v.trim().is_empty() => {
            Err(TriplinkError::invalid(element, "is required"))
        }
        Some(v) => match max {
            Some(m) if v.chars().count() > m => Err(TriplinkError::invalid(
                element,
                format!("is longer than {m} characters"),
            )),
            _ => Ok(()),
        },
        None => Ok(()),
    }
}
