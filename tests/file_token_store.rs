//! `FileTokenStore` for real: round trip, 0600 permissions, and a child process SIGKILLed while
//! it appends to (and compacts) the file in a loop leaves a complete, readable store every time.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use triplink::client::TokenStore;
use triplink::file_token_store::FileTokenStore;
use triplink::model::TokenSet;
use triplink::Secret;

fn set(n: u64) -> TokenSet {
    TokenSet {
        access_token: Secret::new(format!("access-{n}")),
        token_type: "Bearer".into(),
        expires_at: n,
        refresh_token: Some(Secret::new(format!("refresh-{n}"))),
        refresh_expires_at: None,
        scope: Some("x".repeat(2000)),
        id_token: None,
        geolocation: Some("https://us.api.concursolutions.com".into()),
    }
}

#[tokio::test]
async fn saves_loads_removes_with_private_permissions() {
    let dir = std::env::temp_dir().join(format!("triplink-fts-{}", std::process::id()));
    let store = FileTokenStore::new(dir.join("tokens.json"));
    assert!(store.load("u1").await.unwrap().is_none());
    store.save("u1", &set(1)).await.unwrap();
    store.save("u2", &set(2)).await.unwrap();
    assert_eq!(store.load("u1").await.unwrap().unwrap(), set(1));
    store.remove("u1").await.unwrap();
    assert!(store.load("u1").await.unwrap().is_none());
    assert_eq!(store.load("u2").await.unwrap().unwrap().expires_at, 2);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(store.path())
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
    }
    // Loads are served from memory; a reload (what the token manager does around a refresh)
    // reads the file, and a damaged one is a typed error.
    std::fs::write(store.path(), "{ torn").unwrap();
    assert_eq!(
        store.reload("u2").await.unwrap_err().code(),
        triplink::ErrorCode::Decode
    );
    // A damaged file whose parse error would quote a token: the error names a position only.
    std::fs::write(
        store.path(),
        r#"{"u2":{"access_token":"a","token_type":"Bearer","expires_at":"tok-SECRET"}}"#,
    )
    .unwrap();
    let e = store.reload("u2").await.unwrap_err();
    assert!(!format!("{e} {e:?}").contains("SECRET"), "{e}");
    assert!(!format!("{store:?}").contains("SECRET"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Runs only as the child of `survives_sigkill_mid_write`: rewrites the store forever.
#[tokio::test]
async fn child_writer_loop() {
    let Ok(path) = std::env::var("TRIPLINK_FTS_CHILD") else {
        return;
    };
    let store = FileTokenStore::new(path);
    let mut n: u64 = std::env::var("TRIPLINK_FTS_BASE").unwrap().parse().unwrap();
    loop {
        n += 1;
        store.save("user", &set(n)).await.unwrap();
    }
}

#[tokio::test]
async fn survives_sigkill_mid_write() {
    let dir = std::env::temp_dir().join(format!("triplink-kill-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("tokens.json");
    let exe = std::env::current_exe().unwrap();
    let mut last_seen = 0;
    for round in 0..3 {
        let mut child = std::process::Command::new(&exe)
            .args([
                "--exact",
                "child_writer_loop",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("TRIPLINK_FTS_CHILD", &path)
            .env("TRIPLINK_FTS_BASE", (round * 1_000_000).to_string())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the child has written at least once more, then kill it mid-loop.
        let store = FileTokenStore::new(&path);
        for _ in 0..2000 {
            if let Ok(Some(s)) = store.reload("user").await {
                if s.expires_at > round * 1_000_000 + 20 {
                    break;
                }
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        // Land the kill at a different point of the write cycle each round.
        tokio::time::sleep(std::time::Duration::from_micros(700 * (round + 1))).await;
        child.kill().unwrap();
        child.wait().unwrap();
        let s = store
            .reload("user")
            .await
            .unwrap()
            .expect("a complete token set survives the kill");
        assert!(s.refresh_token.is_some(), "round {round}");
        assert!(
            s.expires_at > round * 1_000_000 + 20,
            "round {round}: the child's writes are there"
        );
        assert_eq!(s.access_token.expose(), format!("access-{}", s.expires_at));
        last_seen = s.expires_at;
        eprintln!("round {round}: store held token set #{last_seen}");
    }
    assert!(last_seen > 0);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Runs only as a child of `two_processes_never_lose_each_others_rotations`: saves its own key
/// `TRIPLINK_FTS_ROUNDS` times, then exits.
#[tokio::test]
async fn child_key_writer() {
    let (Ok(path), Ok(key)) = (
        std::env::var("TRIPLINK_FTS_SHARED"),
        std::env::var("TRIPLINK_FTS_KEY"),
    ) else {
        return;
    };
    let rounds: u64 = std::env::var("TRIPLINK_FTS_ROUNDS")
        .unwrap()
        .parse()
        .unwrap();
    let store = FileTokenStore::new(path);
    for n in 1..=rounds {
        store.save(&key, &set(n)).await.unwrap();
    }
}

#[tokio::test]
async fn two_processes_never_lose_each_others_rotations() {
    let dir = std::env::temp_dir().join(format!("triplink-two-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("tokens.json");
    let exe = std::env::current_exe().unwrap();
    const ROUNDS: u64 = 150;
    let children: Vec<_> = ["user-a", "user-b", "company-c"]
        .iter()
        .map(|key| {
            std::process::Command::new(&exe)
                .args(["--exact", "child_key_writer", "--test-threads=1"])
                .env("TRIPLINK_FTS_SHARED", &path)
                .env("TRIPLINK_FTS_KEY", key)
                .env("TRIPLINK_FTS_ROUNDS", ROUNDS.to_string())
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    // Every process's last rotation survived the others' read-modify-write cycles.
    let store = FileTokenStore::new(&path);
    for key in ["user-a", "user-b", "company-c"] {
        let s = store.load(key).await.unwrap().unwrap();
        assert_eq!(s.expires_at, ROUNDS, "{key}");
        assert_eq!(
            s.refresh_token.unwrap().expose(),
            format!("refresh-{ROUNDS}")
        );
    }
    let strays: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(
        strays.is_empty(),
        "no temp copies of tokens left: {strays:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
