//! The OAuth2 token service's documented error codes as data: meaning and SDK error class
//! (NOTES 2.6, from the Concur authentication reference and company-auth pages), and the
//! error body that carries them.

use crate::error::ErrorCode;

/// The OAuth2 error body `{code, error, error_description, geolocation}` (`code` as a number or
/// a string; read by `wire::oauth`).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct OAuthErrorBody {
    /// The numeric code (see [`oauth_code_info`]).
    pub code: Option<u32>,
    /// `invalid_request`, `invalid_grant`, ...
    pub error: Option<String>,
    /// The description.
    pub description: Option<String>,
    /// Where to go instead (code 16).
    pub geolocation: Option<String>,
    /// The `concur-correlationid` some error bodies carry (NOTES 2.5), used when the response
    /// has no such header.
    pub correlation_id: Option<String>,
}

/// The documented meaning of an OAuth2 error `code`, and how the SDK classes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OAuthCodeInfo {
    /// The numeric code.
    pub code: u32,
    /// The OAuth2 `error` the documentation pairs with it (`invalid_grant`, `invalid_client`,
    /// `invalid_request`, `invalid_scope` or `access_denied`).
    pub error: &'static str,
    /// The documented description.
    pub meaning: &'static str,
    /// The SDK error class.
    pub class: ErrorCode,
}

const fn info(
    code: u32,
    error: &'static str,
    meaning: &'static str,
    class: ErrorCode,
) -> OAuthCodeInfo {
    OAuthCodeInfo {
        code,
        error,
        meaning,
        class,
    }
}

use ErrorCode::{Auth, Geolocation, InvalidInput, RateLimited, Reauthorize};

/// Every documented code (NOTES 2.6). 16 is the geolocation redirect; 108, 53, 59, 61 and 64
/// mean the grant is gone and the user or company must authorise the app again.
pub const OAUTH_CODES: &[OAuthCodeInfo] = &[
    info(
        5,
        "invalid_grant",
        "Incorrect credentials. Please Retry",
        Auth,
    ),
    info(
        19,
        "invalid_grant",
        "Incorrect credentials. Please Retry",
        Auth,
    ),
    info(10, "invalid_grant", "Account is disabled", Auth),
    info(11, "invalid_grant", "Account is disabled", Auth),
    info(12, "invalid_grant", "Logon Denied", Auth),
    info(13, "invalid_grant", "Logon Denied", Auth),
    info(14, "invalid_grant", "Account Locked", Auth),
    info(16, "invalid_request", "user lives elsewhere", Geolocation),
    info(
        20,
        "invalid_grant",
        "Logon Denied (typically IP restriction)",
        Auth,
    ),
    info(
        21,
        "invalid_request",
        "SSO-only client attempted a password login",
        Auth,
    ),
    info(51, "invalid_request", "username not supplied", InvalidInput),
    info(52, "invalid_request", "password not supplied", InvalidInput),
    info(
        53,
        "invalid_client",
        "company is not enabled for this client",
        Reauthorize,
    ),
    info(
        54,
        "invalid_scope",
        "requested scope exceeds granted scope",
        Auth,
    ),
    info(55, "invalid_request", "we don't know this email", Auth),
    info(56, "invalid_request", "otp not supplied", InvalidInput),
    info(
        57,
        "invalid_request",
        "channel_type not supplied",
        InvalidInput,
    ),
    info(
        58,
        "invalid_request",
        "channel_handle not supplied",
        InvalidInput,
    ),
    info(59, "access_denied", "client disabled", Reauthorize),
    info(
        60,
        "invalid_grant",
        "these are not the grants you are looking for",
        Auth,
    ),
    info(61, "invalid_client", "client not found", Reauthorize),
    info(
        62,
        "invalid_request",
        "client_id not supplied",
        InvalidInput,
    ),
    info(
        63,
        "invalid_request",
        "client_secret not supplied",
        InvalidInput,
    ),
    info(64, "invalid_client", "Incorrect credentials", Reauthorize),
    info(
        65,
        "invalid_request",
        "grant_type not supplied",
        InvalidInput,
    ),
    info(80, "invalid_request", "invalid channel type", InvalidInput),
    info(81, "invalid_request", "bad channel handle", InvalidInput),
    info(
        82,
        "invalid_request",
        "number of open otp requests exceeded",
        RateLimited,
    ),
    info(83, "invalid_request", "otp not found", Auth),
    info(84, "invalid_request", "fact verification failed", Auth),
    info(85, "invalid_request", "otp verification failed", Auth),
    info(
        100,
        "invalid_request",
        "backend does not know about this username",
        Auth,
    ),
    info(101, "invalid_request", "code not supplied", InvalidInput),
    info(
        102,
        "invalid_request",
        "redirect_uri not supplied",
        InvalidInput,
    ),
    info(103, "invalid_request", "code is bad or expired", Auth),
    info(104, "invalid_grant", "redirect_uri mismatch", Auth),
    info(105, "invalid_grant", "grant not issued to you", Auth),
    info(
        106,
        "invalid_request",
        "refresh_token not supplied",
        InvalidInput,
    ),
    info(107, "invalid_request", "refresh disallowed for app", Auth),
    info(
        108,
        "invalid_grant",
        "bad or expired refresh token",
        Reauthorize,
    ),
    info(109, "invalid_request", "loginid not supplied", InvalidInput),
    info(115, "invalid_request", "unauthenticated client", Auth),
    info(117, "invalid_request", "nonce mandatory", InvalidInput),
    info(118, "invalid_request", "display invalid", InvalidInput),
    info(119, "invalid_request", "prompt invalid", InvalidInput),
    info(120, "invalid_request", "credtype invalid", InvalidInput),
    info(121, "invalid_request", "login_type invalid", InvalidInput),
    info(122, "invalid_request", "proxies invalid", InvalidInput),
    info(123, "invalid_request", "principal disabled", Auth),
    info(124, "invalid_request", "product invalid", InvalidInput),
    info(
        134,
        "invalid_request",
        "Company undergoing scheduled maintenance",
        Auth,
    ),
    info(
        135,
        "invalid_request",
        "unsupported request format",
        InvalidInput,
    ),
    info(
        136,
        "invalid_request",
        "Authtoken was not issued for you",
        Auth,
    ),
    info(
        139,
        "invalid_request",
        "Password must be changed to meet company policy",
        Auth,
    ),
];

/// Looks a code up.
pub fn oauth_code_info(code: u32) -> Option<&'static OAuthCodeInfo> {
    OAUTH_CODES.iter().find(|i| i.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_unique_and_classes_the_reauthorise_codes() {
        let mut codes: Vec<u32> = OAUTH_CODES.iter().map(|i| i.code).collect();
        codes.sort_unstable();
        let n = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), n, "duplicate code in the table");
        for c in [108, 53, 59, 61, 64] {
            assert_eq!(
                oauth_code_info(c).unwrap().class,
                ErrorCode::Reauthorize,
                "{c}"
            );
        }
        assert_eq!(oauth_code_info(16).unwrap().class, ErrorCode::Geolocation);
        assert!(oauth_code_info(9999).is_none());
    }

    #[test]
    fn other_grant_and_client_errors_are_auth_failures() {
        let reauthorize = [108, 53, 59, 61, 64];
        for i in OAUTH_CODES {
            if reauthorize.contains(&i.code) {
                continue;
            }
            if matches!(i.error, "invalid_grant" | "invalid_client") {
                assert_eq!(i.class, ErrorCode::Auth, "{}", i.code);
            }
        }
        assert_eq!(OAUTH_CODES.len(), 54, "every code of NOTES 2.6");
        assert_eq!(oauth_code_info(53).unwrap().error, "invalid_client");
        assert_eq!(oauth_code_info(59).unwrap().error, "access_denied");
        assert_eq!(oauth_code_info(54).unwrap().error, "invalid_scope");
    }
}
