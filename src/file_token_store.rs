//! `FileTokenStore`: a `TokenStore` in one append-only file of JSON lines (mode 0600), with
//! the whole map kept in memory: a load reads memory (a key not in it first reads only what
//! was appended since), a save appends one line and syncs it, so each call costs O(1) whatever
//! the number of keys. Writers of several processes take an
//! `flock` on a sidecar lock file and first read what others appended since; when the log
//! holds mostly superseded lines it is compacted into a temp file renamed over it (fsync'd, so
//! a kill leaves the old or the new file, never a torn one). A line torn by a kill mid-append
//! is ignored and cut off by the next writer; leftover temp files are removed on open. Blocking
//! IO runs off the async workers. A file in the earlier one-JSON-map format is read and
//! rewritten as a log on the first write.

use crate::blocking::{off_workers, poisoned};
use crate::group_commit::GroupCommit;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use triplink_core::client::TokenStore;
use triplink_core::model::TokenSet;
use triplink_core::{Result, TriplinkError};

static TMP_SEQ: AtomicU64 = AtomicU64::new(0);

/// Token sets of many keys in one file, e.g. `~/.config/my-supplier/tokens.jsonl`.
#[derive(Clone)]
pub struct FileTokenStore {
    shared: Arc<Shared>,
}

struct Shared {
    path: PathBuf,
    /// The current token sets (held only briefly: never across IO).
    map: RwLock<HashMap<String, TokenSet>>,
    /// The file side, used only on the blocking pool.
    io: Mutex<Log>,
    /// Whether the file was read once (loads then never wait for `io`).
    opened: AtomicBool,
    /// Concurrent saves share one append + sync.
    commits: GroupCommit<Entry>,
}

/// What this process knows of the file.
#[derive(Default)]
struct Log {
    opened: bool,
    /// Read + append handle on the file at `path` (the inode `ident` names).
    file: Option<File>,
    ident: Option<(u64, u64)>,
    /// Bytes of the file already applied to the map (always a line boundary).
    offset: u64,
    /// Lines in the file (compaction runs when most of them are superseded).
    lines: u64,
    /// The file is in the old one-map format and must be rewritten before appending.
    legacy: bool,
}

/// One line of the log: a key's new token set, or `None` when it was removed.
#[derive(Serialize, Deserialize)]
struct Entry {
    k: String,
    v: Option<TokenSet>,
}

impl std::fmt::Debug for FileTokenStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileTokenStore")
            .field("path", &self.shared.path)
            .finish_non_exhaustive()
    }
}

fn io_err(what: &str, path: &Path, e: std::io::Error) -> TriplinkError {
    TriplinkError::Internal {
        message: format!("token store: cannot {what} {}: {e}", path.display()),
    }
}

fn ident(meta: &std::fs::Metadata) -> (u64, u64) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        (meta.len(), 0)
    }
}

fn private_options() -> std::fs::OpenOptions {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true).append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts
}

impl FileTokenStore {
    /// A store at `path`; the file is read on first use (and created on the first save).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileTokenStore {
            shared: Arc::new(Shared {
                path: path.into(),
                map: RwLock::new(HashMap::new()),
                io: Mutex::new(Log::default()),
                opened: AtomicBool::new(false),
                commits: GroupCommit::default(),
            }),
        }
    }

    /// A store at `path`, read now: leftover temp files are removed and a damaged file is
    /// reported here rather than on first use.
    pub async fn open(path: impl Into<PathBuf>) -> Result<Self> {
        let store = FileTokenStore::new(path);
        let shared = store.shared.clone();
        off_workers(move || shared.with_log(true, |_| Ok(()))).await?;
        Ok(store)
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.shared.path
    }

    fn cached(&self, key: &str) -> Result<Option<TokenSet>> {
        let map = self
            .shared
            .map
            .read()
            .map_err(|_| poisoned("token store"))?;
        Ok(map.get(key).cloned())
    }

    fn is_open(&self) -> bool {
        self.shared.opened.load(Ordering::Acquire)
    }

    async fn write(&self, key: &str, value: Option<TokenSet>) -> Result<()> {
        let shared = self.shared.clone();
        let entry = Entry {
            k: key.to_owned(),
            v: value,
        };
        off_workers(move || {
            shared.commits.submit(entry, |batch| {
                shared.with_log(true, |log| shared.append(log, batch))
            })
        })
        .await
    }
}

impl Shared {
    fn dir(&self) -> &Path {
        self.path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    }

    fn file_name(&self) -> &str {
        self.path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("tokens")
    }

    /// Runs `f` on the log under the process mutex and the file lock (exclusive for writers),
    /// after opening it on first use and reading what other processes appended since.
    fn with_log<T>(&self, exclusive: bool, f: impl FnOnce(&mut Log) -> Result<T>) -> Result<T> {
        let mut log = self.io.lock().map_err(|_| poisoned("token store"))?;
        let exclusive = exclusive || !log.opened;
        let _lock = crate::file_lock::FileLock::take(self.dir(), self.file_name(), exclusive)?;
        if !log.opened {
            self.remove_leftover_temp_files();
            log.opened = true;
        }
        self.catch_up(&mut log, exclusive)?;
        self.opened.store(true, Ordering::Release);
        f(&mut log)
    }

    fn remove_leftover_temp_files(&self) {
        let prefix = format!(".{}.", self.file_name());
        let Ok(entries) = std::fs::read_dir(self.dir()) else {
            return;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with(&prefix) && name.ends_with(".tmp") {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }

    /// Applies what the file holds beyond `log.offset`; re-reads it whole when another
    /// process replaced it (compaction) or on first use.
    fn catch_up(&self, log: &mut Log, exclusive: bool) -> Result<()> {
        let meta = match std::fs::metadata(&self.path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                *log = Log {
                    opened: true,
                    ..Log::default()
                };
                self.map
                    .write()
                    .map_err(|_| poisoned("token store"))?
                    .clear();
                return Ok(());
            }
            Err(e) => return Err(io_err("read", &self.path, e)),
        };
        // Replaced (compacted by another process) or cut shorter behind our back: read anew.
        if log.ident != Some(ident(&meta)) || log.file.is_none() || meta.len() < log.offset {
            // Read + append when permitted (a reader in a read-only place still reads).
            let file = std::fs::OpenOptions::new()
                .read(true)
                .append(true)
                .open(&self.path)
                .or_else(|_| File::open(&self.path))
                .map_err(|e| io_err("open", &self.path, e))?;
            log.file = Some(file);
            log.ident = Some(ident(&meta));
            log.offset = 0;
            log.lines = 0;
            log.legacy = false;
            self.map
                .write()
                .map_err(|_| poisoned("token store"))?
                .clear();
        }
        if meta.len() <= log.offset {
            return Ok(());
        }
        let Some(file) = log.file.as_mut() else {
            return Ok(());
        };
        let mut bytes = Vec::with_capacity((meta.len() - log.offset) as usize);
        file.seek(SeekFrom::Start(log.offset))
            .and_then(|_| file.read_to_end(&mut bytes))
            .map_err(|e| io_err("read", &self.path, e))?;
        if log.offset == 0 {
            if let Ok(old) = serde_json::from_slice::<HashMap<String, TokenSet>>(&bytes) {
                log.legacy = true;
                log.offset = bytes.len() as u64;
                *self.map.write().map_err(|_| poisoned("token store"))? = old;
                return Ok(());
            }
        }
        let complete = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let torn = &bytes[complete..];
        if !torn.is_empty() && !torn.starts_with(b"{\"k\":") {
            return Err(TriplinkError::decode(
                "json",
                format!(
                    "token store {} is damaged (its last {} bytes are not a log line)",
                    self.path.display(),
                    torn.len()
                ),
            ));
        }
        let mut updates = Vec::new();
        for (n, line) in bytes[..complete].split(|b| *b == b'\n').enumerate() {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            // serde_json's message may quote a value (a token): keep the position only.
            let entry: Entry = serde_json::from_slice(line).map_err(|e| {
                TriplinkError::decode(
                    "json",
                    format!(
                        "token store {} is damaged (line {} after byte {}, column {})",
                        self.path.display(),
                        n + 1,
                        log.offset,
                        e.column()
                    ),
                )
            })?;
            updates.push(entry);
        }
        log.offset += complete as u64;
        log.lines += updates.len() as u64;
        let mut map = self.map.write().map_err(|_| poisoned("token store"))?;
        for e in updates {
            match e.v {
                Some(v) => map.insert(e.k, v),
                None => map.remove(&e.k),
            };
        }
        drop(map);
        if exclusive && complete < bytes.len() {
            // A line torn by a kill mid-append: cut it off so the next line starts clean.
            if let Some(f) = log.file.as_ref() {
                f.set_len(log.offset)
                    .map_err(|e| io_err("repair", &self.path, e))?;
            }
        }
        Ok(())
    }

    /// Appends `entries` durably with one sync (rewriting the file first when it is in the
    /// old format, compacting it when most lines are superseded), then applies them to the map.
    fn append(&self, log: &mut Log, entries: Vec<Entry>) -> Result<()> {
        let mut buf = Vec::new();
        let mut kept = Vec::with_capacity(entries.len());
        {
            let map = self.map.read().map_err(|_| poisoned("token store"))?;
            for e in entries {
                let known = map.contains_key(&e.k) || kept.iter().any(|k: &Entry| k.k == e.k);
                if e.v.is_none() && !known {
                    continue; // removing what is not there writes nothing
                }
                serde_json::to_writer(&mut buf, &e).map_err(|_| TriplinkError::Internal {
                    message: "token store: cannot serialise the token set".into(),
                })?;
                buf.push(b'\n');
                kept.push(e);
            }
        }
        if kept.is_empty() {
            return Ok(());
        }
        if log.legacy {
            self.compact(log)?;
        }
        if log.file.is_none() {
            std::fs::create_dir_all(self.dir()).map_err(|e| io_err("create", self.dir(), e))?;
            let file = private_options()
                .open(&self.path)
                .map_err(|e| io_err("create", &self.path, e))?;
            let meta = file.metadata().map_err(|e| io_err("read", &self.path, e))?;
            log.ident = Some(ident(&meta));
            log.file = Some(file);
            sync_dir(self.dir());
        }
        let Some(file) = log.file.as_mut() else {
            return Err(poisoned("token store"));
        };
        file.write_all(&buf)
            .and_then(|()| file.sync_data())
            .map_err(|e| io_err("write", &self.path, e))?;
        log.offset += buf.len() as u64;
        log.lines += kept.len() as u64;
        let live = {
            let mut map = self.map.write().map_err(|_| poisoned("token store"))?;
            for e in kept {
                match e.v {
                    Some(v) => map.insert(e.k, v),
                    None => map.remove(&e.k),
                };
            }
            map.len() as u64
        };
        if log.lines > 2 * live + 64 {
            self.compact(log)?;
        }
        Ok(())
    }

    /// Rewrites the file with one line per live key: temp file, fsync, rename, fsync of the
    /// directory.
    fn compact(&self, log: &mut Log) -> Result<()> {
        let mut out = Vec::new();
        let entries: Vec<(String, TokenSet)> = self
            .map
            .read()
            .map_err(|_| poisoned("token store"))?
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (k, v) in entries {
            let e = Entry { k, v: Some(v) };
            serde_json::to_writer(&mut out, &e).map_err(|_| TriplinkError::Internal {
                message: "token store: cannot serialise the token set".into(),
            })?;
            out.push(b'\n');
        }
        let seq = TMP_SEQ.fetch_add(1, Ordering::Relaxed);
        let tmp = self.dir().join(format!(
            ".{}.{}.{seq}.tmp",
            self.file_name(),
            std::process::id()
        ));
        let written = private_options()
            .open(&tmp)
            .map_err(|e| io_err("create", &tmp, e))
            .and_then(|mut f| {
                f.set_len(0).map_err(|e| io_err("write", &tmp, e))?;
                f.write_all(&out).map_err(|e| io_err("write", &tmp, e))?;
                f.sync_all().map_err(|e| io_err("sync", &tmp, e))?;
                std::fs::rename(&tmp, &self.path).map_err(|e| io_err("replace", &self.path, e))?;
                Ok(f)
            });
        let file = match written {
            Ok(f) => f,
            Err(e) => {
                // Leave no stray copy of the tokens behind.
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
        };
        sync_dir(self.dir());
        let meta = file.metadata().map_err(|e| io_err("read", &self.path, e))?;
        log.ident = Some(ident(&meta));
        log.file = Some(file);
        log.offset = out.len() as u64;
        log.lines = self.map.read().map_err(|_| poisoned("token store"))?.len() as u64;
        log.legacy = false;
        Ok(())
    }
}

/// Makes a create or rename in `dir` durable (best effort where directories cannot be opened).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[async_trait::async_trait]
impl TokenStore for FileTokenStore {
    async fn load(&self, key: &str) -> Result<Option<TokenSet>> {
        if self.is_open() {
            if let Some(set) = self.cached(key)? {
                return Ok(Some(set));
            }
        }
        // First use, or a key this process has not seen: read what was appended since.
        self.reload(key).await
    }

    async fn save(&self, key: &str, tokens: &TokenSet) -> Result<()> {
        self.write(key, Some(tokens.clone())).await
    }

    async fn remove(&self, key: &str) -> Result<()> {
        self.write(key, None).await
    }

    async fn reload(&self, key: &str) -> Result<Option<TokenSet>> {
        let shared = self.shared.clone();
        off_workers(move || shared.with_log(false, |_| Ok(()))).await?;
        self.cached(key)
    }
}
