//! `FileTokenStore`: a `TokenStore` in one JSON file, written atomically (temp file in the same
//! directory, fsync, rename, fsync of the directory; mode 0600), so a crash or kill at any point
//! leaves either the old or the new complete file — never a torn one; read-modify-write runs
//! under an `flock` on a sidecar lock file, so two processes never lose each other's rotations.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use triplink_core::client::TokenStore;
use triplink_core::model::TokenSet;
use triplink_core::{Result, TriplinkError};

static TMP_SEQ: AtomicU64 = AtomicU64::new(0);

/// Token sets of many keys in one file, e.g. `~/.config/my-supplier/tokens.json`.
#[derive(Debug)]
pub struct FileTokenStore {
    path: PathBuf,
    lock: Mutex<()>,
}

fn io_err(what: &str, path: &Path, e: std::io::Error) -> TriplinkError {
    TriplinkError::Internal {
        message: format!("token store: cannot {what} {}: {e}", path.display()),
    }
}

impl FileTokenStore {
    /// A store at `path` (the file is created on the first save).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileTokenStore {
            path: path.into(),
            lock: Mutex::new(()),
        }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn read_all(&self) -> Result<BTreeMap<String, TokenSet>> {
        match std::fs::read(&self.path) {
            // serde_json's message may quote a value (a token): keep its position only.
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                TriplinkError::decode(
                    "json",
                    format!(
                        "token store {} is not a valid token file (line {}, column {})",
                        self.path.display(),
                        e.line(),
                        e.column()
                    ),
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(e) => Err(io_err("read", &self.path, e)),
        }
    }

    fn write_all(&self, map: &BTreeMap<String, TokenSet>) -> Result<()> {
        let dir = self.dir();
        std::fs::create_dir_all(dir).map_err(|e| io_err("create", dir, e))?;
        let bytes = serde_json::to_vec_pretty(map).map_err(|_| TriplinkError::Internal {
            message: "token store: cannot serialise the token sets".into(),
        })?;
        let file_name = self
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("tokens");
        // Unique per process and per write, so two stores on one path never share a temp file.
        let seq = TMP_SEQ.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{file_name}.{}.{seq}.tmp", std::process::id()));
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let written = opts
            .open(&tmp)
            .map_err(|e| io_err("create", &tmp, e))
            .and_then(|mut f| {
                f.write_all(&bytes).map_err(|e| io_err("write", &tmp, e))?;
                f.sync_all().map_err(|e| io_err("sync", &tmp, e))
            })
            .and_then(|()| {
                std::fs::rename(&tmp, &self.path).map_err(|e| io_err("replace", &self.path, e))
            });
        if let Err(e) = written {
            // Leave no stray copy of the tokens behind.
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        #[cfg(unix)]
        if let Ok(d) = std::fs::File::open(dir) {
            // Make the rename itself durable.
            let _ = d.sync_all();
        }
        Ok(())
    }

    fn dir(&self) -> &Path {
        self.path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    }

    /// Runs `f` holding the in-process mutex and, on Unix, an `flock` on `.{file}.lock` beside
    /// the store (shared for reads, exclusive for read-modify-write). The kernel drops the lock
    /// when its holder dies, so a killed writer never leaves a stale lock behind.
    fn with_lock<T>(&self, exclusive: bool, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let _g = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        #[cfg(unix)]
        let _file_lock = {
            use rustix::fs::{flock, FlockOperation};
            use std::os::unix::fs::OpenOptionsExt;
            let name = self
                .path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("tokens");
            let lock_path = self.dir().join(format!(".{name}.lock"));
            if exclusive {
                std::fs::create_dir_all(self.dir()).map_err(|e| io_err("create", self.dir(), e))?;
            }
            let opened = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o600)
                .open(&lock_path);
            match opened {
                Ok(file) => {
                    let op = if exclusive {
                        FlockOperation::LockExclusive
                    } else {
                        FlockOperation::LockShared
                    };
                    flock(&file, op).map_err(|e| io_err("lock", &lock_path, e.into()))?;
                    Some(file)
                }
                // A reader in a missing or read-only directory: renames are atomic, so an
                // unlocked read still sees a complete file.
                Err(_) if !exclusive => None,
                Err(e) => return Err(io_err("create", &lock_path, e)),
            }
        };
        f()
    }
}

#[async_trait::async_trait]
impl TokenStore for FileTokenStore {
    async fn load(&self, key: &str) -> Result<Option<TokenSet>> {
        self.with_lock(false, || Ok(self.read_all()?.remove(key)))
    }

    async fn save(&self, key: &str, tokens: &TokenSet) -> Result<()> {
        self.with_lock(true, || {
            let mut all = self.read_all()?;
            all.insert(key.to_owned(), tokens.clone());
            self.write_all(&all)
        })
    }

    async fn remove(&self, key: &str) -> Result<()> {
        self.with_lock(true, || {
            let mut all = self.read_all()?;
            if all.remove(key).is_some() {
                self.write_all(&all)?;
            }
            Ok(())
        })
    }
}
