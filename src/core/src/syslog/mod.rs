//! Syslog analysis: msticpy's `syslog_utils.cluster_syslog_logons_df` session pairing.

mod sessions;

pub use sessions::pair_sessions;
