//! Plain data of every API: connection requests, tokens, trips, requests. No IO, no codecs.
