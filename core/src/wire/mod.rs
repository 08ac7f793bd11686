//! Wire codecs: JSON and XML shapes per API version, mapped to and from `model`.

pub mod body;
pub mod classic_error;
pub mod cr_json;
pub mod cr_xml;
pub mod datetime;
pub mod itinerary;
pub(crate) mod json_errors;
pub mod oauth;
pub mod request_v4;
pub(crate) mod xml_lexical;
pub(crate) mod xml_namespaces;
pub mod xml_stream;
pub mod xml_tree;
