//! The HTTP transport against a loopback server written with `std::net` in this file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use mstic_core::http::{fetch_many, set_group_limits, Method, Options, Request};

/// What the server saw: hits per path, arrival times, the most requests open at once.
#[derive(Default)]
struct Seen {
    hits: Mutex<Vec<(String, Instant)>>,
    open: AtomicUsize,
    most_open: AtomicUsize,
}

impl Seen {
    fn count(&self, path: &str) -> usize {
        self.hits
            .lock()
            .unwrap()
            .iter()
            .filter(|(p, _)| p == path)
            .count()
    }
    fn times(&self, path: &str) -> Vec<Instant> {
        self.hits
            .lock()
            .unwrap()
            .iter()
            .filter(|(p, _)| p == path)
            .map(|(_, t)| *t)
            .collect()
    }
}

fn serve() -> (String, Arc<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Seen::default());
    let shared = Arc::clone(&seen);
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let seen = Arc::clone(&shared);
            thread::spawn(move || handle(stream, &seen));
        }
    });
    (base, seen)
}

fn handle(mut stream: TcpStream, seen: &Seen) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).unwrap_or(0) == 0 {
            return;
        }
        head.push(byte[0]);
    }
    let text = String::from_utf8_lossy(&head).into_owned();
    let path = text.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let route = path.split('?').next().unwrap_or("/").to_owned();
    seen.hits
        .lock()
        .unwrap()
        .push((route.clone(), Instant::now()));
    let now_open = seen.open.fetch_add(1, Ordering::SeqCst) + 1;
    seen.most_open.fetch_max(now_open, Ordering::SeqCst);
    let reply = |stream: &mut TcpStream, status: &str, extra: &str, body: &[u8]| {
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n",
            body.len()
        );
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(body);
    };
    match route.as_str() {
        "/ok" => reply(
            &mut stream,
            "200 OK",
            "X-Multi: a\r\nX-Multi: b\r\n",
            b"{\"a\": 1}",
        ),
        "/missing" => reply(&mut stream, "404 Not Found", "", b"no"),
        "/flaky" => {
            if seen.count("/flaky") == 1 {
                reply(
                    &mut stream,
                    "429 Too Many Requests",
                    "Retry-After: 1\r\n",
                    b"",
                );
            } else {
                reply(&mut stream, "200 OK", "", b"fine");
            }
        }
        "/busy" => reply(
            &mut stream,
            "503 Service Unavailable",
            "Retry-After: 3600\r\n",
            b"",
        ),
        "/slow" => {
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
            thread::sleep(Duration::from_secs(4));
        }
        "/big" => {
            let size = 10 * 1024 * 1024;
            let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {size}\r\n\r\n");
            let _ = stream.write_all(head.as_bytes());
            let chunk = vec![b'x'; 64 * 1024];
            for _ in 0..size / chunk.len() {
                if stream.write_all(&chunk).is_err() {
                    break;
                }
            }
        }
        "/truncated" => {
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");
        }
        "/garbage" => {
            let _ = stream.write_all(b"this is not HTTP at all\r\n\r\n");
        }
        "/hold" => {
            thread::sleep(Duration::from_millis(300));
            reply(&mut stream, "200 OK", "", b"held");
        }
        _ => reply(&mut stream, "500 Internal Server Error", "", b"?"),
    }
    seen.open.fetch_sub(1, Ordering::SeqCst);
}

fn get(url: &str, group: &str) -> Request {
    Request {
        url: url.to_owned(),
        method: Method::Get,
        headers: Vec::new(),
        body: None,
        group: group.to_owned(),
    }
}

fn options(timeout: f64) -> Options {
    let mut options = Options::with_timeout_secs(timeout).unwrap();
    options.backoff_base = Duration::from_millis(50);
    options
}

#[test]
fn replies_keep_order_status_and_headers() {
    let (base, _) = serve();
    let urls = ["/ok", "/missing", "/other", "/ok"];
    let requests = urls
        .iter()
        .map(|p| get(&format!("{base}{p}"), "t-order"))
        .collect();
    let replies = fetch_many(requests, &options(5.0)).unwrap();
    let statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 404, 500, 200]);
    assert_eq!(replies[0].body, b"{\"a\": 1}");
    assert!(replies.iter().all(|r| r.error.is_none()));
    let multi = replies[0]
        .headers
        .iter()
        .find(|(n, _)| n == "x-multi")
        .unwrap();
    assert_eq!(multi.1, "a, b");
}

#[test]
fn retries_429_after_retry_after() {
    let (base, seen) = serve();
    let start = Instant::now();
    let reply = &fetch_many(
        vec![get(&format!("{base}/flaky"), "t-retry")],
        &options(10.0),
    )
    .unwrap()[0];
    assert_eq!(
        (reply.status, reply.body.as_slice()),
        (200, b"fine".as_slice())
    );
    assert_eq!(seen.count("/flaky"), 2);
    assert!(start.elapsed() >= Duration::from_millis(950));
}

#[test]
fn a_wait_past_the_deadline_is_not_made() {
    let (base, seen) = serve();
    let start = Instant::now();
    let reply =
        &fetch_many(vec![get(&format!("{base}/busy"), "t-busy")], &options(2.0)).unwrap()[0];
    assert_eq!(reply.status, 503);
    assert_eq!(seen.count("/busy"), 1);
    assert!(start.elapsed() < Duration::from_secs(1));
}

#[test]
fn slow_body_stops_at_the_deadline() {
    let (base, _) = serve();
    let start = Instant::now();
    let reply =
        &fetch_many(vec![get(&format!("{base}/slow"), "t-slow")], &options(1.0)).unwrap()[0];
    assert!(
        start.elapsed() < Duration::from_millis(1800),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, b"0123456789");
    assert!(reply.error.as_deref().unwrap().contains("deadline"));
}

#[test]
fn body_is_capped() {
    let (base, _) = serve();
    let mut opts = options(10.0);
    opts.max_bytes = 100_000;
    let reply = &fetch_many(vec![get(&format!("{base}/big"), "t-big")], &opts).unwrap()[0];
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body.len(), 100_000);
    assert!(reply.error.as_deref().unwrap().contains("max_bytes"));
}

#[test]
fn truncated_and_malformed_replies_are_errors() {
    let (base, _) = serve();
    let requests = vec![
        get(&format!("{base}/truncated"), "t-bad"),
        get(&format!("{base}/garbage"), "t-bad"),
    ];
    let replies = fetch_many(requests, &options(5.0)).unwrap();
    assert_eq!(replies[0].status, 200);
    assert_eq!(replies[0].body, b"short");
    assert!(replies[0].error.as_deref().unwrap().contains("incomplete"));
    assert_eq!(replies[1].status, 0);
    assert!(replies[1].error.is_some());
}

#[test]
fn refused_connections_are_retried_then_reported() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut opts = options(10.0);
    opts.retries = 2;
    opts.secrets = vec!["s3cr3t".to_owned()];
    let url = format!("http://127.0.0.1:{port}/x?apikey=s3cr3t");
    let start = Instant::now();
    let reply = &fetch_many(vec![get(&url, "t-refused")], &opts).unwrap()[0];
    let error = reply.error.as_deref().unwrap();
    assert_eq!(reply.status, 0);
    assert!(error.contains("3 attempts"), "{error}");
    assert!(!error.contains("s3cr3t"));
    // Back-off 50 ms then 100 ms.
    assert!(start.elapsed() >= Duration::from_millis(140));
}

#[test]
fn secrets_are_scrubbed_from_errors() {
    let mut request = get("http://127.0.0.1:9/", "t-secret");
    request.headers = vec![("x-key s3cr3t".to_owned(), "v".to_owned())];
    let mut opts = options(5.0);
    opts.secrets = vec!["s3cr3t".to_owned()];
    let reply = &fetch_many(vec![request], &opts).unwrap()[0];
    let error = reply.error.as_deref().unwrap();
    assert!(
        error.contains("[REDACTED]") && !error.contains("s3cr3t"),
        "{error}"
    );
}

#[test]
fn per_minute_quota_spaces_requests() {
    let (base, seen) = serve();
    set_group_limits("t-quota-live", Some(240.0), None, None).unwrap();
    let requests = (0..4)
        .map(|_| get(&format!("{base}/ok"), "t-quota-live"))
        .collect();
    let replies = fetch_many(requests, &options(10.0)).unwrap();
    assert!(replies.iter().all(|r| r.status == 200));
    let mut times = seen.times("/ok");
    times.sort();
    for pair in times.windows(2) {
        // 240 per minute is one per 250 ms; allow scheduling slack.
        assert!(
            pair[1] - pair[0] >= Duration::from_millis(200),
            "{:?}",
            pair[1] - pair[0]
        );
    }
}

#[test]
fn quota_that_cannot_be_met_fails_fast() {
    let (base, seen) = serve();
    set_group_limits("t-quota-day", None, Some(1.0), None).unwrap();
    let requests = (0..2)
        .map(|_| get(&format!("{base}/ok"), "t-quota-day"))
        .collect();
    let replies = fetch_many(requests, &options(5.0)).unwrap();
    assert_eq!(seen.count("/ok"), 1);
    let refused: Vec<_> = replies.iter().filter(|r| r.status == 0).collect();
    assert_eq!(refused.len(), 1);
    assert!(refused[0]
        .error
        .as_deref()
        .unwrap()
        .contains("per-day quota"));
}

#[test]
fn concurrency_limit_holds() {
    let (base, seen) = serve();
    set_group_limits("t-conc", None, None, Some(2)).unwrap();
    let requests = (0..6)
        .map(|_| get(&format!("{base}/hold"), "t-conc"))
        .collect();
    let start = Instant::now();
    let replies = fetch_many(requests, &options(10.0)).unwrap();
    assert!(replies.iter().all(|r| r.status == 200));
    assert_eq!(seen.most_open.load(Ordering::SeqCst), 2);
    assert!(start.elapsed() >= Duration::from_millis(850));
}

#[test]
fn bad_urls_and_arguments() {
    let replies = fetch_many(
        vec![
            get("not a url", "t-args"),
            get("ftp://127.0.0.1/x", "t-args"),
        ],
        &options(5.0),
    )
    .unwrap();
    assert!(replies.iter().all(|r| r.status == 0 && r.error.is_some()));
    assert!(Method::parse("DELETE").is_err());
    assert!(Options::with_timeout_secs(0.0).is_err());
    assert!(Options::with_timeout_secs(f64::NAN).is_err());
    assert!(fetch_many(Vec::new(), &options(1.0)).unwrap().is_empty());
}

#[test]
fn refuses_to_run_inside_a_tokio_runtime() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let result =
        runtime.block_on(async { fetch_many(vec![get("http://127.0.0.1:9/", "")], &options(1.0)) });
    assert!(result.is_err());
}
