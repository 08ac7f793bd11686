//! `--token-store keyring`: `triplink login` keeps the token set in the OS keyring (here the
//! Linux kernel keyring of the test's session) instead of the token file; later processes (the
//! choice in the config file) use it for API calls, `token refresh` replaces it and `token
//! revoke` deletes it.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::Sandbox;
use triplink::model::TokenSet;
use triplink_sandbox::demo;

/// The token set the keyring holds for `service`/`default`, read straight from the keyring.
fn in_keyring(service: &str) -> Option<TokenSet> {
    match keyring::Entry::new(service, "default")
        .unwrap()
        .get_password()
    {
        Ok(json) => Some(serde_json::from_str(&json).unwrap()),
        Err(keyring::Error::NoEntry) => None,
        Err(e) => panic!("keyring: {e}"),
    }
}

#[test]
fn a_token_set_round_trips_through_the_keyring() {
    let s = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    // A service name of its own: parallel tests and earlier runs share the session keyring.
    let tmp_name = dir
        .path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let service = format!("triplink-test-{}-{tmp_name}", std::process::id());
    // The login chooses the keyring by environment, every later command by the config file.
    std::fs::write(
        dir.path().join("triplink.toml"),
        format!("token_store = \"keyring\"\nkeyring_service = {service:?}\n"),
    )
    .unwrap();
    let run = |args: &[&str]| {
        s.triplink(dir.path())
            .args(["--config", "triplink.toml"])
            .args(args)
            .output()
            .unwrap()
    };
    assert!(in_keyring(&service).is_none());
    let login = s
        .triplink(dir.path())
        .env("TRIPLINK_TOKEN_STORE", "keyring")
        .env("TRIPLINK_KEYRING_SERVICE", &service)
        .args(["login", "password", "--username", demo::SUPPLIER_LOGIN])
        .output()
        .unwrap();
    assert!(login.status.success(), "{login:?}");
    assert!(
        !dir.path().join("tokens.json").exists(),
        "the token file was written"
    );
    let kept = in_keyring(&service).expect("no token set in the keyring");
    assert_eq!(kept.geolocation.as_deref(), Some(s.sb.us_url().as_str()));

    let list = run(&["cr", "list", "--json"]);
    assert!(list.status.success(), "{list:?}");
    let show = run(&["token", "show"]);
    assert!(show.status.success(), "{show:?}");
    let shown = String::from_utf8_lossy(&show.stdout);
    assert!(!shown.contains(kept.access_token.expose()), "{shown}");

    let refresh = run(&["token", "refresh"]);
    assert!(refresh.status.success(), "{refresh:?}");
    let fresh = in_keyring(&service).unwrap();
    assert_ne!(
        fresh.access_token, kept.access_token,
        "refresh kept the old token"
    );

    let revoke = run(&["token", "revoke"]);
    assert!(revoke.status.success(), "{revoke:?}");
    assert!(in_keyring(&service).is_none(), "revoke left the entry");
}
