//! DNS look-ups and domain-name splitting behind `msticpy.context.domain_utils`.
//!
//! msticpy 3.0.2 resolves names one at a time with dnspython and splits them with
//! tldextract. Here [`resolve_many`] sends a whole batch of queries concurrently through
//! `hickory-resolver`, each with a deadline, to the system's name servers or to ones the
//! caller names (tests point it at a loopback responder), and [`split_domain`] splits a
//! name with the Public Suffix List snapshot the package ships.
//!
//! Deliberate differences (see `docs/ip_domain_utils.md`): a reverse look-up queries the
//! `PTR` record of the address's `in-addr.arpa`/`ip6.arpa` name (msticpy asks for an
//! `A` record of the address text, which never answers), and every query has a deadline.

mod components;
mod message_text;
mod resolve;

pub use components::{split_domain, DomainParts};
pub use resolve::{parse_nameserver, resolve_many, reverse_name, Answer, Outcome, ResolveOptions};
