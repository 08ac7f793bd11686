//! Sans-IO endpoint pairs: `build_<op>_request(..) -> HttpRequest` and `parse_<op>_response(HttpResponse) -> Result<T>`.

pub mod connection_requests;
pub mod itinerary;
pub mod oauth;
pub mod request_v4;
pub mod response;
pub mod supplier;
