//! `triplink login`, `token show|refresh|revoke` and `cr list|get|put` driven as processes
//! against a sandbox on loopback: tokens kept 0600 and shown masked, the queue read and one
//! status PUT (seen in the sandbox's PUT log).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{one_line_error, Sandbox};
use triplink::client::TokenStore;
use triplink::file_token_store::FileTokenStore;
use triplink_sandbox::demo;

fn kept_access_token(dir: &std::path::Path) -> Option<String> {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let store = FileTokenStore::new(dir.join("tokens.json"));
    rt.block_on(store.load("default"))
        .unwrap()
        .map(|t| t.access_token.expose().to_owned())
}

#[test]
fn login_show_refresh_revoke_and_the_queue() {
    let s = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    let login = s
        .triplink(dir.path())
        .args(["login", "password", "--username", demo::SUPPLIER_LOGIN])
        .output()
        .unwrap();
    assert!(login.status.success(), "{login:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("tokens.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let access = kept_access_token(dir.path()).unwrap();

    let show = s
        .triplink(dir.path())
        .args(["token", "show"])
        .output()
        .unwrap();
    assert!(show.status.success(), "{show:?}");
    let text = String::from_utf8_lossy(&show.stdout);
    assert!(!text.contains(&access), "the access token was printed");
    assert!(text.contains("access token:   ••••••"), "{text}");
    assert!(text.contains("(in 60 min)"), "{text}");
    assert!(
        text.contains(&format!("geolocation:    {}", s.sb.us_url())),
        "{text}"
    );

    let list = s
        .triplink(dir.path())
        .args(["cr", "list", "--all", "--json"])
        .output()
        .unwrap();
    assert!(list.status.success(), "{list:?}");
    let items: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), s.sb.requests().len());
    assert!(
        items.iter().all(|i| i["requestToken"].is_null()),
        "a request token was printed"
    );
    let id = items[0]["id"].as_str().unwrap().to_owned();

    let table = s
        .triplink(dir.path())
        .args(["cr", "list"])
        .output()
        .unwrap();
    assert!(table.status.success());
    assert!(String::from_utf8_lossy(&table.stdout).contains("10 request(s)"));

    let get = s
        .triplink(dir.path())
        .args(["cr", "get", &id])
        .output()
        .unwrap();
    assert!(get.status.success(), "{get:?}");
    assert!(String::from_utf8_lossy(&get.stdout).contains(&id));

    let put = s
        .triplink(dir.path())
        .args(["cr", "put", &id, "CREU1"])
        .output()
        .unwrap();
    assert!(put.status.success(), "{put:?}");
    let puts = s.sb.puts_received();
    assert_eq!(puts.len(), 1);
    assert_eq!(
        (puts[0].id.as_str(), puts[0].status.as_str()),
        (id.as_str(), "CREU1")
    );
    let bad = s
        .triplink(dir.path())
        .args(["cr", "put", &id, "NOPE"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    one_line_error(&bad);

    let refresh = s
        .triplink(dir.path())
        .args(["token", "refresh"])
        .output()
        .unwrap();
    assert!(refresh.status.success(), "{refresh:?}");
    let fresh = kept_access_token(dir.path()).unwrap();
    assert_ne!(fresh, access, "refresh kept the old access token");

    let revoke = s
        .triplink(dir.path())
        .args(["token", "revoke"])
        .output()
        .unwrap();
    assert!(revoke.status.success(), "{revoke:?}");
    assert_eq!(kept_access_token(dir.path()), None);
    let gone = s
        .triplink(dir.path())
        .args(["token", "show"])
        .output()
        .unwrap();
    assert_eq!(gone.status.code(), Some(1));
    assert!(one_line_error(&gone).contains("run `triplink login` first"));
}

#[test]
fn client_credentials_login_and_a_wrong_password() {
    let s = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    let wrong = s
        .triplink(dir.path())
        .env("TRIPLINK_PASSWORD", "Not-The-Pa55")
        .args(["login", "password", "--username", demo::SUPPLIER_LOGIN])
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(1));
    let err = one_line_error(&wrong);
    assert!(err.contains("login failed"), "{err}");
    assert!(!err.contains("Not-The-Pa55"));
    assert_eq!(kept_access_token(dir.path()), None);
    let app = s
        .triplink(dir.path())
        .args(["login", "--key", "app", "client-credentials"])
        .output()
        .unwrap();
    assert!(app.status.success(), "{app:?}");
}
