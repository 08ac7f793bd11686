//! The token calls of `TriplinkClient` for JavaScript: the grants (password, client
//! credentials, company, connection request token), refreshes, the stored token info and
//! revocation. Each resolves to a secret-free token info object, never to a token.

use crate::abort::abortable;
use crate::client::TriplinkClient;
use crate::convert::to_js;
use crate::errors::{js, JsResult};
use std::future::Future;
use triplink_core::api::oauth::Grant;
use triplink_core::flow::token_lifecycle::CompanyRequestToken;
use triplink_core::model::{TokenInfo, TokenSet};
use triplink_core::{Result, Secret};
use wasm_bindgen::prelude::*;

/// Runs a grant (which stores its token set) and resolves to that set's info, no secrets.
async fn stored_info(grant: impl Future<Output = Result<TokenSet>>) -> JsResult<JsValue> {
    to_js(&TokenInfo::from(&js(grant.await)?))
}

// The refreshes and `tokenInfo` resolve to `to_js` of an `Option<TokenInfo>`: `null` when the
// store holds nothing for the key.
#[wasm_bindgen]
impl TriplinkClient {
    /// Password grant; stores the tokens under `key`. Resolves to the token info (no secrets).
    #[wasm_bindgen(js_name = passwordLogin)]
    pub async fn password_login(
        &self,
        key: String,
        username: String,
        password: String,
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(
            &call,
            stored_info(self.sdk.tokens().password_login(
                &key,
                None,
                &username,
                &Secret::new(password),
            )),
        )
        .await
    }

    /// Client-credentials grant (the app's own token, e.g. a TMC calling Request v4 for
    /// users); stores the tokens under `key` and resolves to the token info.
    #[wasm_bindgen(js_name = clientCredentialsLogin)]
    pub async fn client_credentials_login(&self, key: String, call: JsValue) -> JsResult<JsValue> {
        abortable(
            &call,
            stored_info(
                self.sdk
                    .tokens()
                    .login(&key, None, &Grant::ClientCredentials),
            ),
        )
        .await
    }

    /// Company grant with an App Center request token issued at `issuedAt` (Unix seconds;
    /// refused after 24 hours).
    #[wasm_bindgen(js_name = companyLogin)]
    pub async fn company_login(
        &self,
        key: String,
        company_id: String,
        request_token: String,
        issued_at: f64,
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(&call, async {
            let mut token = CompanyRequestToken::new(Secret::new(request_token), issued_at as u64);
            stored_info(
                self.sdk
                    .tokens()
                    .company_login(&key, &company_id, &mut token),
            )
            .await
        })
        .await
    }

    /// Exchanges a connection request's token (refused when older than 15 minutes) and
    /// stores the user's tokens under `userId`.
    #[wasm_bindgen(js_name = exchangeRequestToken)]
    pub async fn exchange_request_token(
        &self,
        user_id: String,
        request_token: String,
        issued_at: f64,
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(
            &call,
            stored_info(self.sdk.tokens().exchange_request_token(
                &user_id,
                &Secret::new(request_token),
                issued_at as i64,
            )),
        )
        .await
    }

    /// Makes sure `key` has a usable access token (refreshing it if due) and resolves to the
    /// token info. Fails with `Reauthorize` when the grant is gone.
    #[wasm_bindgen(js_name = refreshIfDue)]
    pub async fn refresh_if_due(&self, key: String, call: JsValue) -> JsResult<JsValue> {
        abortable(&call, async {
            to_js(&js(self.sdk.tokens().refresh_if_due(&key).await)?)
        })
        .await
    }

    /// Refreshes `key`'s tokens now, as after a 401 (the rotated refresh token is stored
    /// before the new access token is used), and resolves to the token info. Fails with
    /// `Reauthorize` when nothing is stored for `key` or the grant is gone.
    #[wasm_bindgen(js_name = refreshNow)]
    pub async fn refresh_now(&self, key: String, call: JsValue) -> JsResult<JsValue> {
        abortable(&call, async {
            to_js(&js(self.sdk.tokens().refresh_now(&key).await)?)
        })
        .await
    }

    /// What the token store holds for `key`, without secrets; `null` when nothing is stored.
    #[wasm_bindgen(js_name = tokenInfo)]
    pub async fn token_info(&self, key: String, call: JsValue) -> JsResult<JsValue> {
        abortable(&call, async {
            to_js(&js(self.sdk.tokens().token_info(&key).await)?)
        })
        .await
    }

    /// Revokes `key`'s tokens at Concur and forgets them.
    pub async fn revoke(&self, key: String, call: JsValue) -> JsResult<()> {
        abortable(&call, async { js(self.sdk.tokens().revoke(&key).await) }).await
    }
}
