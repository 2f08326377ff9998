//! The process-wide tokio runtime and HTTP client, created lazily and again after fork.
//!
//! Jupyter kernels, Spark executors and multiprocessing pools fork. A forked child keeps
//! the parent's memory but none of its threads, so the parent's runtime (worker threads)
//! and client (connection tasks living on those workers) are unusable there. Each use
//! compares the process id with the one that built them and rebuilds on a change. The
//! stale pair is leaked rather than dropped: dropping would wait for threads that do not
//! exist in the child.
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::runtime::{Builder, Runtime};

use crate::error::{Error, Result};

/// A runtime and the client whose connections live on it.
pub(crate) struct Engine {
    pub(crate) runtime: Runtime,
    pub(crate) client: reqwest::Client,
}

struct Slot {
    pid: u32,
    engine: Arc<Engine>,
}

static ENGINE: Mutex<Option<Slot>> = Mutex::new(None);

/// The engine for this process, built on first use or after a fork.
pub(crate) fn engine() -> Result<Arc<Engine>> {
    let mut guard = ENGINE.lock().unwrap_or_else(PoisonError::into_inner);
    let pid = std::process::id();
    if let Some(slot) = guard.as_ref() {
        if slot.pid == pid {
            return Ok(Arc::clone(&slot.engine));
        }
    }
    if let Some(stale) = guard.take() {
        std::mem::forget(stale);
    }
    let engine = Arc::new(build()?);
    *guard = Some(Slot {
        pid,
        engine: Arc::clone(&engine),
    });
    Ok(engine)
}

fn build() -> Result<Engine> {
    let runtime = Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("mstic-http")
        .enable_io()
        .enable_time()
        .build()
        .map_err(|err| Error::InvalidArgument(format!("cannot start the HTTP runtime: {err}")))?;
    // reqwest is built without a default crypto provider (aws-lc needs a C toolchain and
    // cmake); ring is installed once per process. An Err only means one is already set.
    // rustls marks ring's provider deprecated for lacking post-quantum key exchange;
    // classic key exchange is what every TI service offers today.
    #[allow(deprecated)]
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .user_agent(concat!("msticpy-rs/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(30))
        .pool_idle_timeout(Duration::from_secs(60))
        .build()
        .map_err(|err| Error::InvalidArgument(format!("cannot build the HTTP client: {err}")))?;
    Ok(Engine { runtime, client })
}
