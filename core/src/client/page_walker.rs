//! One async driver for every paged list: fetch the first page, then follow each page's next
//! link through a [`PageWalk`] (same origin, no cycles), counting pages and keeping every item
//! read before a failure.

use crate::error::Result;
use crate::flow::paging::{PageWalk, Walked};
use std::future::Future;

/// One fetched page: its items and its next link.
pub(crate) struct Page<T> {
    pub(crate) items: Vec<T>,
    pub(crate) next: Option<String>,
}

/// Walks from the first page (fetched by `first`, which also names the URL it requested)
/// through the next links (each fetched by `next`).
pub(crate) async fn walk_pages<T, F, FF, N, NF>(first: F, next: N) -> Walked<T>
where
    F: FnOnce() -> FF,
    FF: Future<Output = Result<(Page<T>, String)>>,
    N: Fn(String) -> NF,
    NF: Future<Output = Result<Page<T>>>,
{
    let (page, first_url) = match first().await {
        Ok(x) => x,
        Err(e) => {
            return Walked {
                items: Vec::new(),
                pages: 0,
                stopped: Some(e),
            }
        }
    };
    let mut items = page.items;
    let mut pages = 1;
    let mut walk = match PageWalk::new(&first_url) {
        Ok(w) => w,
        Err(e) => {
            return Walked {
                items,
                pages,
                stopped: Some(e),
            }
        }
    };
    let mut link = page.next;
    loop {
        let url = match walk.next_url(link.as_deref()) {
            Ok(Some(u)) => u,
            Ok(None) => {
                return Walked {
                    items,
                    pages,
                    stopped: None,
                }
            }
            Err(e) => {
                return Walked {
                    items,
                    pages,
                    stopped: Some(e),
                }
            }
        };
        match next(url).await {
            Ok(p) => {
                pages += 1;
                items.extend(p.items);
                link = p.next;
            }
            Err(e) => {
                return Walked {
                    items,
                    pages,
                    stopped: Some(e),
                }
            }
        }
    }
}
