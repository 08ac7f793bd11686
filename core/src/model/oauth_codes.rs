//! The OAuth2 token service's documented error codes as data: meaning and SDK error class
//! (NOTES 2.6, from the Concur authentication reference and company-auth pages).

use crate::error::ErrorCode;

/// The documented meaning of an OAuth2 error `code`, and how the SDK classes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OAuthCodeInfo {
    /// The numeric code.
    pub code: u32,
    /// The documented description.
    pub meaning: &'static str,
    /// The SDK error class.
    pub class: ErrorCode,
}

const fn info(code: u32, meaning: &'static str, class: ErrorCode) -> OAuthCodeInfo {
    OAuthCodeInfo {
        code,
        meaning,
        class,
    }
}

use ErrorCode::{Auth, Geolocation, InvalidInput, RateLimited, Reauthorize};

/// Every documented code (NOTES 2.6). 16 is the geolocation redirect; 108, 53, 59, 61 and 64
/// mean the grant is gone and the user or company must authorise the app again.
pub const OAUTH_CODES: &[OAuthCodeInfo] = &[
    info(5, "Incorrect credentials. Please Retry", Auth),
    info(19, "Incorrect credentials. Please Retry", Auth),
    info(10, "Account is disabled", Auth),
    info(11, "Account is disabled", Auth),
    info(12, "Logon Denied", Auth),
    info(13, "Logon Denied", Auth),
    info(14, "Account Locked", Auth),
    info(16, "user lives elsewhere", Geolocation),
    info(20, "Logon Denied (typically IP restriction)", Auth),
    info(21, "SSO-only client attempted a password login", Auth),
    info(51, "username not supplied", InvalidInput),
    info(52, "password not supplied", InvalidInput),
    info(53, "company is not enabled for this client", Reauthorize),
    info(54, "requested scope exceeds granted scope", Auth),
    info(55, "we don't know this email", Auth),
    info(56, "otp not supplied", InvalidInput),
    info(57, "channel_type not supplied", InvalidInput),
    info(58, "channel_handle not supplied", InvalidInput),
    info(59, "client disabled", Reauthorize),
    info(60, "these are not the grants you are looking for", Auth),
    info(61, "client not found", Reauthorize),
    info(62, "client_id not supplied", InvalidInput),
    info(63, "client_secret not supplied", InvalidInput),
    info(64, "Incorrect credentials", Reauthorize),
    info(65, "grant_type not supplied", InvalidInput),
    info(80, "invalid channel type", InvalidInput),
    info(81, "bad channel handle", InvalidInput),
    info(82, "number of open otp requests exceeded", RateLimited),
    info(83, "otp not found", Auth),
    info(84, "fact verification failed", Auth),
    info(85, "otp verification failed", Auth),
    info(100, "backend does not know about this username", Auth),
    info(101, "code not supplied", InvalidInput),
    info(102, "redirect_uri not supplied", InvalidInput),
    info(103, "code is bad or expired", Auth),
    info(104, "redirect_uri mismatch", Auth),
    info(105, "grant not issued to you", Auth),
    info(106, "refresh_token not supplied", InvalidInput),
    info(107, "refresh disallowed for app", Auth),
    info(108, "bad or expired refresh token", Reauthorize),
    info(109, "loginid not supplied", InvalidInput),
    info(115, "unauthenticated client", Auth),
    info(117, "nonce mandatory", InvalidInput),
    info(118, "display invalid", InvalidInput),
    info(119, "prompt invalid", InvalidInput),
    info(120, "credtype invalid", InvalidInput),
    info(121, "login_type invalid", InvalidInput),
    info(122, "proxies invalid", InvalidInput),
    info(123, "principal disabled", Auth),
    info(124, "product invalid", InvalidInput),
    info(134, "Company undergoing scheduled maintenance", Auth),
    info(135, "unsupported request format", InvalidInput),
    info(136, "Authtoken was not issued for you", Auth),
    info(139, "Password must be changed to meet company policy", Auth),
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
}
