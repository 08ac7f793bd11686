//! `FileLock`: an `flock` on `.{file}.lock` beside a store file (shared for readers, exclusive
//! for writers), so processes sharing the file take turns; the kernel drops it when its holder
//! dies, so a killed writer never leaves a stale lock behind.

use triplink_core::{Result, TriplinkError};

/// A held lock; released on drop.
pub(crate) struct FileLock {
    #[cfg(unix)]
    _file: Option<std::fs::File>,
}

impl FileLock {
    /// Takes the lock of `name` in `dir`. A reader in a missing or read-only directory goes
    /// unlocked (renames are atomic and appends whole lines, so it still reads complete data).
    pub(crate) fn take(dir: &std::path::Path, name: &str, exclusive: bool) -> Result<FileLock> {
        #[cfg(unix)]
        {
            use rustix::fs::{flock, FlockOperation};
            use std::os::unix::fs::OpenOptionsExt;
            let lock_path = dir.join(format!(".{name}.lock"));
            let fail = |what: &str, e: std::io::Error| TriplinkError::Internal {
                message: format!("token store: cannot {what} {}: {e}", lock_path.display()),
            };
            if exclusive {
                std::fs::create_dir_all(dir).map_err(|e| fail("create the directory of", e))?;
            }
            let opened = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o600)
                .open(&lock_path);
            let file = match opened {
                Ok(f) => f,
                Err(_) if !exclusive => return Ok(FileLock { _file: None }),
                Err(e) => return Err(fail("create", e)),
            };
            let op = if exclusive {
                FlockOperation::LockExclusive
            } else {
                FlockOperation::LockShared
            };
            flock(&file, op).map_err(|e| fail("lock", e.into()))?;
            Ok(FileLock { _file: Some(file) })
        }
        #[cfg(not(unix))]
        {
            let _ = (dir, name, exclusive);
            Ok(FileLock {})
        }
    }
}
