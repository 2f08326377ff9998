//! Batch DNS resolution with per-name deadlines (msticpy's `dns_resolve`,
//! `is_resolvable` and `ip_rev_resolve`, which ask dnspython one name at a time).
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use hickory_resolver::config::{
    ConnectionConfig, NameServerConfig, ResolveHosts, ResolverConfig, ResolverOpts,
};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::{DnsError, NetError};
use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::rr::RecordType;
use hickory_resolver::{Resolver, TokioResolver};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::message_text::message_text;
use crate::error::{Error, Result};

/// How a batch is resolved.
#[derive(Debug, Clone)]
pub struct ResolveOptions {
    /// Name servers to ask (UDP, then TCP on truncation); empty means the system's
    /// configuration (`/etc/resolv.conf` on Unix).
    pub nameservers: Vec<SocketAddr>,
    /// Total time allowed for each name, every server and attempt included.
    pub timeout: Duration,
    /// Queries in flight at once.
    pub concurrency: usize,
}

impl Default for ResolveOptions {
    fn default() -> Self {
        Self {
            nameservers: Vec::new(),
            timeout: Duration::from_secs(5),
            concurrency: 32,
        }
    }
}

/// What became of one query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The server returned records of the type asked for.
    Answered,
    /// The name does not exist (NXDOMAIN).
    NxDomain,
    /// The name exists but has no record of that type.
    NoAnswer,
    /// The deadline passed before an answer came.
    Timeout,
    /// Any other failure: a refused or failed query, a bad name, no server reachable.
    Failed,
}

impl Outcome {
    /// A stable lower-case label for the bindings.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Answered => "answered",
            Self::NxDomain => "nxdomain",
            Self::NoAnswer => "noanswer",
            Self::Timeout => "timeout",
            Self::Failed => "failed",
        }
    }
}

/// The result of one query, shaped after dnspython's `Answer` as msticpy reports it.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The absolute name asked for (ends in a dot).
    pub qname: String,
    /// Record type asked for, upper case (`A`, `MX`, `PTR`, ...).
    pub rdtype: String,
    /// Record class (`IN`).
    pub rdclass: String,
    /// Presentation text of each record of the asked type.
    pub records: Vec<String>,
    /// The name the records belong to after CNAMEs are followed.
    pub canonical_name: String,
    /// Smallest TTL among the answer records, seconds (0 without records).
    pub ttl: u32,
    /// The response message in dnspython's text layout (empty without a response).
    pub message: String,
    /// The first configured name server and its port, when the caller named servers.
    pub nameserver: Option<SocketAddr>,
    /// How the query ended.
    pub outcome: Outcome,
    /// Why it failed, in dnspython's wording where one exists; empty when answered.
    pub error: String,
}

/// The reverse-lookup name of an address (`4.3.2.1.in-addr.arpa.` / nibbles in
/// `ip6.arpa.`), or None when `text` is not an IP address.
pub fn reverse_name(text: &str) -> Option<String> {
    match IpAddr::from_str(text.trim()).ok()? {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            Some(format!("{}.{}.{}.{}.in-addr.arpa.", o[3], o[2], o[1], o[0]))
        }
        IpAddr::V6(v6) => {
            let mut out = String::with_capacity(72);
            for byte in v6.octets().iter().rev() {
                out.push_str(&format!("{:x}.{:x}.", byte & 0xf, byte >> 4));
            }
            out.push_str("ip6.arpa.");
            Some(out)
        }
    }
}

fn build_resolver(options: &ResolveOptions) -> Result<TokioResolver> {
    let mut builder = if options.nameservers.is_empty() {
        Resolver::builder_tokio().map_err(|err| {
            Error::InvalidArgument(format!("cannot read the system DNS configuration: {err}"))
        })?
    } else {
        let servers = options
            .nameservers
            .iter()
            .map(|addr| {
                let mut udp = ConnectionConfig::udp();
                udp.port = addr.port();
                let mut tcp = ConnectionConfig::tcp();
                tcp.port = addr.port();
                NameServerConfig::new(addr.ip(), true, vec![udp, tcp])
            })
            .collect();
        Resolver::builder_with_config(
            ResolverConfig::from_name_servers(servers),
            TokioRuntimeProvider::default(),
        )
    };
    let opts: &mut ResolverOpts = builder.options_mut();
    // Each attempt gets the whole deadline; the outer timeout bounds the total.
    opts.timeout = options.timeout;
    opts.attempts = 2;
    opts.ndots = 0;
    opts.cache_size = 0;
    // Like dnspython (msticpy's resolver), ask DNS only: /etc/hosts entries would make
    // `is_resolvable` answer for names no name server knows.
    opts.use_hosts_file = ResolveHosts::Never;
    // Tests run the responder on a loopback port the OS may otherwise avoid.
    opts.avoid_local_udp_ports = Arc::default();
    builder
        .build()
        .map_err(|err| Error::InvalidArgument(format!("cannot build the DNS resolver: {err}")))
}

/// Parse a record-type name as dnspython accepts it (case-insensitive mnemonic).
pub(crate) fn parse_rdtype(rdtype: &str) -> Result<RecordType> {
    let upper = rdtype.trim().to_ascii_uppercase();
    match RecordType::from_str(&upper) {
        Ok(RecordType::Unknown(_)) | Err(_) => Err(Error::InvalidArgument(format!(
            "unknown DNS record type {rdtype:?}"
        ))),
        Ok(rt) => Ok(rt),
    }
}

fn absolute(name: &str) -> String {
    let trimmed = name.trim();
    if trimmed.ends_with('.') {
        trimmed.to_string()
    } else {
        format!("{trimmed}.")
    }
}

async fn query_one(
    resolver: Arc<TokioResolver>,
    name: String,
    rtype: RecordType,
    options: Arc<ResolveOptions>,
) -> Answer {
    let qname = absolute(&name);
    let mut answer = Answer {
        qname: qname.clone(),
        rdtype: rtype.to_string(),
        rdclass: "IN".to_string(),
        records: Vec::new(),
        canonical_name: qname.clone(),
        ttl: 0,
        message: String::new(),
        nameserver: options.nameservers.first().copied(),
        outcome: Outcome::Failed,
        error: String::new(),
    };
    let lookup = tokio::time::timeout(options.timeout, resolver.lookup(qname.as_str(), rtype));
    match lookup.await {
        Err(_) | Ok(Err(NetError::Timeout)) => {
            answer.outcome = Outcome::Timeout;
            answer.error = format!(
                "The resolution lifetime expired after {:.3} seconds",
                options.timeout.as_secs_f64()
            );
        }
        Ok(Ok(found)) => {
            let mut ttl = u32::MAX;
            for record in found.answers() {
                if record.record_type() == rtype {
                    answer.records.push(record.data.to_string());
                    answer.canonical_name = record.name.to_string();
                    ttl = ttl.min(record.ttl);
                }
            }
            answer.ttl = if answer.records.is_empty() { 0 } else { ttl };
            answer.message = message_text(found.message());
            answer.outcome = Outcome::Answered;
        }
        Ok(Err(NetError::Dns(DnsError::NoRecordsFound(none)))) => {
            if none.response_code == ResponseCode::NXDomain {
                answer.outcome = Outcome::NxDomain;
                answer.error = format!("The DNS query name does not exist: {qname}");
            } else {
                answer.outcome = Outcome::NoAnswer;
                answer.error = format!(
                    "The DNS response does not contain an answer to the question: {qname} IN {rtype}"
                );
            }
        }
        Ok(Err(err)) => {
            answer.error =
                format!("All nameservers failed to answer the query {qname} IN {rtype}: {err}");
        }
    }
    answer
}

/// Resolve every name in `names` for records of type `rdtype`, concurrently; one
/// [`Answer`] per name, in order. Only bad arguments (an unknown record type, zero
/// concurrency, an unreadable system configuration) are errors: a failed query is an
/// [`Outcome`] in its answer.
pub fn resolve_many(
    names: &[String],
    rdtype: &str,
    options: &ResolveOptions,
) -> Result<Vec<Answer>> {
    let rtype = parse_rdtype(rdtype)?;
    if options.concurrency == 0 {
        return Err(Error::InvalidArgument(
            "concurrency must be at least 1".to_string(),
        ));
    }
    if names.is_empty() {
        return Ok(Vec::new());
    }
    // A runtime per call: look-ups are rare next to the cost of a query, and a fresh
    // runtime is always valid in a forked child.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| Error::InvalidArgument(format!("cannot start the DNS runtime: {err}")))?;
    runtime.block_on(async {
        let resolver = Arc::new(build_resolver(options)?);
        let shared = Arc::new(options.clone());
        let permits = Arc::new(Semaphore::new(options.concurrency));
        let mut tasks = JoinSet::new();
        for (idx, name) in names.iter().enumerate() {
            let (resolver, shared, permits) = (
                Arc::clone(&resolver),
                Arc::clone(&shared),
                Arc::clone(&permits),
            );
            let name = name.clone();
            tasks.spawn(async move {
                let _permit = permits.acquire_owned().await.ok();
                (idx, query_one(resolver, name, rtype, shared).await)
            });
        }
        let mut slots: Vec<Option<Answer>> = vec![None; names.len()];
        while let Some(joined) = tasks.join_next().await {
            if let Ok((idx, answer)) = joined {
                if let Some(slot) = slots.get_mut(idx) {
                    *slot = Some(answer);
                }
            }
        }
        Ok(slots
            .into_iter()
            .zip(names)
            .map(|(slot, name)| {
                slot.unwrap_or_else(|| Answer {
                    qname: absolute(name),
                    rdtype: rtype.to_string(),
                    rdclass: "IN".to_string(),
                    records: Vec::new(),
                    canonical_name: absolute(name),
                    ttl: 0,
                    message: String::new(),
                    nameserver: None,
                    outcome: Outcome::Failed,
                    error: "the query task stopped unexpectedly".to_string(),
                })
            })
            .collect())
    })
}

/// Parse a name server given as `IP`, `IP:port` or `[IPv6]:port` (port 53 by default).
pub fn parse_nameserver(text: &str) -> Result<SocketAddr> {
    let text = text.trim();
    if let Ok(ip) = IpAddr::from_str(text) {
        return Ok(SocketAddr::new(ip, 53));
    }
    SocketAddr::from_str(text).map_err(|_| {
        Error::InvalidArgument(format!(
            "invalid name server {text:?}: expected an IP address, IP:port or [IPv6]:port"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reverse_names() {
        assert_eq!(
            reverse_name("192.0.2.10").as_deref(),
            Some("10.2.0.192.in-addr.arpa.")
        );
        let v6 = reverse_name("2001:db8::1").unwrap_or_default();
        assert!(v6.starts_with("1.0.0.0.0.0.0.0."));
        assert!(v6.ends_with(".8.b.d.0.1.0.0.2.ip6.arpa."));
        assert_eq!(reverse_name("not an ip"), None);
    }

    #[test]
    fn bad_arguments() {
        assert!(resolve_many(&["a.".into()], "NOPE", &ResolveOptions::default()).is_err());
        let opts = ResolveOptions {
            concurrency: 0,
            ..ResolveOptions::default()
        };
        assert!(resolve_many(&["a.".into()], "A", &opts).is_err());
        assert!(parse_rdtype("mx").is_ok());
        assert_eq!(
            parse_nameserver("127.0.0.1").ok(),
            Some(SocketAddr::from(([127, 0, 0, 1], 53)))
        );
        assert!(parse_nameserver("[::1]:5353").is_ok());
        assert!(parse_nameserver("dns.example").is_err());
    }

    #[test]
    fn unreachable_server_times_out_within_deadline() {
        // A bound UDP socket that never answers: the query must end at the deadline.
        let silent = std::net::UdpSocket::bind("127.0.0.1:0");
        let Ok(silent) = silent else { return };
        let Ok(addr) = silent.local_addr() else {
            return;
        };
        let opts = ResolveOptions {
            nameservers: vec![addr],
            timeout: Duration::from_millis(300),
            concurrency: 4,
        };
        let start = std::time::Instant::now();
        let out = resolve_many(&["a.example.".into(), "b.example.".into()], "A", &opts);
        let out = out.unwrap_or_default();
        assert_eq!(out.len(), 2);
        assert!(out.iter().all(|a| a.outcome != Outcome::Answered));
        assert!(start.elapsed() < Duration::from_secs(3));
    }
}
