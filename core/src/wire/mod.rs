//! Wire codecs: JSON and XML shapes per API version, mapped to and from `model`.
