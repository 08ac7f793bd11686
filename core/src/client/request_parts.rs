//! A request's listed parts named by text (`comments`, `exceptions`, `expenses`), for callers
//! that pass the part as a string (the npm `requestPart`): the name is checked before anything
//! is sent, and the three answers travel as one type.

use super::request_v4::RequestsClient;
use super::session::Traced;
use crate::error::{Result, TriplinkError};
use crate::model::request_v4::{Comment, ExpectedExpense, RequestException};
use serde::Serialize;

/// Which listed part of a request to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListedPart {
    /// The comments.
    Comments,
    /// The policy exceptions.
    Exceptions,
    /// The expected expenses.
    Expenses,
}

impl ListedPart {
    /// The part named `comments`, `exceptions` or `expenses`; any other name is an
    /// `InvalidInput` for `part`.
    ///
    /// ```
    /// use triplink_core::client::ListedPart;
    /// assert_eq!(ListedPart::parse("expenses").unwrap(), ListedPart::Expenses);
    /// assert!(ListedPart::parse("cashadvances").is_err());
    /// ```
    pub fn parse(name: &str) -> Result<Self> {
        match name {
            "comments" => Ok(ListedPart::Comments),
            "exceptions" => Ok(ListedPart::Exceptions),
            "expenses" => Ok(ListedPart::Expenses),
            other => Err(TriplinkError::invalid(
                "part",
                format!("`{other}` is not comments, exceptions or expenses"),
            )),
        }
    }
}

/// The items of one listed part; serialised as the bare list.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum PartItems {
    /// A request's comments.
    Comments(Vec<Comment>),
    /// A request's exceptions.
    Exceptions(Vec<RequestException>),
    /// A request's expected expenses.
    Expenses(Vec<ExpectedExpense>),
}

fn wrap<T>(t: Traced<T>, f: impl FnOnce(T) -> PartItems) -> Traced<PartItems> {
    Traced {
        value: f(t.value),
        correlation_id: t.correlation_id,
    }
}

impl RequestsClient {
    /// The listed part `part` of a request ([`RequestsClient::comments`],
    /// [`RequestsClient::exceptions`] or [`RequestsClient::expenses`]).
    pub async fn part(&self, request_id: &str, part: ListedPart) -> Result<Traced<PartItems>> {
        Ok(match part {
            ListedPart::Comments => wrap(self.comments(request_id).await?, PartItems::Comments),
            ListedPart::Exceptions => {
                wrap(self.exceptions(request_id).await?, PartItems::Exceptions)
            }
            ListedPart::Expenses => wrap(self.expenses(request_id).await?, PartItems::Expenses),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_names_parse_and_others_are_invalid_input_naming_part() {
        assert_eq!(ListedPart::parse("comments").unwrap(), ListedPart::Comments);
        assert_eq!(
            ListedPart::parse("exceptions").unwrap(),
            ListedPart::Exceptions
        );
        assert_eq!(ListedPart::parse("expenses").unwrap(), ListedPart::Expenses);
        for bad in ["Comments", "agencyproposals", ""] {
            let e = ListedPart::parse(bad).unwrap_err();
            assert_eq!(e.code(), crate::error::ErrorCode::InvalidInput);
            assert!(e.to_string().contains("part"), "{e}");
        }
    }

    #[test]
    fn the_items_serialise_as_the_bare_list() {
        let v = serde_json::to_value(PartItems::Comments(vec![])).unwrap();
        assert_eq!(v, serde_json::json!([]));
    }
}
