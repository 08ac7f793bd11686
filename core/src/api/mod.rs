//! Sans-IO endpoint pairs: `build_<op>_request(..) -> HttpRequest` and `parse_<op>_response(HttpResponse) -> Result<T>`.
