//! Validation tests against the schema shipped with the package.
use serde_json::{json, Value};

use super::{is_uuid, validate_config, Environment, ValidationReport};
use crate::config::{parse_config, Schema};

const SCHEMA_YAML: &str =
    include_str!("../../../../../python/msticpy/resources/mpconfig_schema.yaml");
const WS: &str = "8ecf8077-cf51-4820-aadd-14040956f35d";
const TEN: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";

fn schema() -> Schema {
    let json = parse_config("schema", SCHEMA_YAML).unwrap_or_default();
    Schema::from_json(&json).unwrap_or_else(|e| unreachable!("{e}"))
}

fn check(config: &Value, env: &[(&str, bool)]) -> ValidationReport {
    let env = Environment {
        vars: env.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect(),
    };
    validate_config(config, &schema(), &env)
}

fn good() -> Value {
    json!({
        "AzureSentinel": {"Workspaces": {"Default": {"WorkspaceId": WS, "TenantId": TEN}}},
        "TIProviders": {
            "OTX": {"Args": {"AuthKey": {"EnvironmentVar": "OTX_KEY"}}, "Primary": true, "Provider": "OTX"},
            "Tor": {"Primary": false, "Provider": "Tor"}
        },
        "OtherProviders": {"GeoIPLite": {"Args": {"AuthKey": "k", "DBFolder": "~/.msticpy"}}},
        "msticpy": {"FriendlyExceptions": true}
    })
}

#[test]
fn good_config_has_no_errors() {
    let report = check(&good(), &[("OTX_KEY", true)]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

#[test]
fn missing_sentinel_and_empty_sections() {
    let report = check(&json!({}), &[]);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    assert!(report.errors[0].contains("AzureSentinel"));
    assert_eq!(report.warnings.len(), 2, "{:?}", report.warnings);
}

#[test]
fn bad_workspace_ids_and_no_default() {
    let config = json!({"AzureSentinel": {"Workspaces": {"Prod": {"WorkspaceId": "nope"}}},
                        "TIProviders": {}, "OtherProviders": {}});
    let report = check(&config, &[]);
    assert_eq!(report.errors.len(), 2, "{:?}", report.errors);
    assert!(report.warnings.iter().any(|w| w.contains("Default")));
}

#[test]
fn provider_rules_and_env_vars() {
    let mut config = good();
    config["TIProviders"]["XForce"] = json!({"Args": {"AuthKey": "x"}});
    config["TIProviders"]["RiskIQ"] = json!({"Args": {"AuthKey": "x", "ApiID": "y"}});
    config["TIProviders"]["VirusTotal"] = json!({"Args": []});
    config["TIProviders"]["OTX"]["Args"]["AuthKey"] = json!({"EnvironmentVar": "MISSING_VAR"});
    let report = check(&config, &[("EMPTY", false)]);
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.contains("XForce.Args: ApiID")),
        "{:?}",
        report.errors
    );
    assert!(report.errors.iter().any(|e| e.contains("VirusTotal.Args")));
    assert!(report
        .errors
        .iter()
        .any(|e| e.contains("MISSING_VAR is not set")));
    assert_eq!(
        report.packages,
        vec![("TIProviders.RiskIQ".to_owned(), "passivetotal".to_owned())]
    );
    assert_eq!(report.errors.len(), 3, "{:?}", report.errors);
}

#[test]
fn azure_cli_only_checked_when_client_id_given() {
    let mut config = good();
    config["DataProviders"] = json!({"AzureCLI": {"Args": {"auth_methods": ["cli"]}}});
    assert!(check(&config, &[("OTX_KEY", true)]).errors.is_empty());
    config["DataProviders"]["AzureCLI"]["Args"]["clientId"] = json!(WS);
    let report = check(&config, &[("OTX_KEY", true)]);
    assert_eq!(report.errors.len(), 2, "{:?}", report.errors);
}

#[test]
fn misspelled_keys_get_suggestions() {
    let mut config = good();
    config["TIProvider"] = json!({});
    config["msticpy"]["FriendlyException"] = json!(true);
    config["TIProviders"]["OTX"]["Primry"] = json!(true);
    let report = check(&config, &[("OTX_KEY", true)]);
    let text = report.warnings.join("\n");
    assert!(
        text.contains("TIProvider: not a known setting (did you mean 'TIProviders'?)"),
        "{text}"
    );
    assert!(
        text.contains(
            "msticpy.FriendlyException: not a known setting (did you mean 'FriendlyExceptions'?)"
        ),
        "{text}"
    );
    assert!(text.contains("TIProviders.OTX.Primry"), "{text}");
    assert!(report.errors.is_empty());
}

#[test]
fn wrong_types_are_reported() {
    let mut config = good();
    config["TIProviders"]["OTX"]["Primary"] = json!("maybe");
    config["msticpy"] = json!(["a"]);
    config["OtherProviders"] = json!("text");
    let report = check(&config, &[("OTX_KEY", true)]);
    let text = report.warnings.join("\n");
    assert!(
        text.contains("TIProviders.OTX.Primary: should be true or false"),
        "{text}"
    );
    assert!(text.contains("msticpy: should be a mapping"), "{text}");
    assert!(report
        .errors
        .iter()
        .any(|e| e.contains("OtherProviders: must be a mapping")));
}

#[test]
fn non_mapping_settings() {
    let report = check(&json!([1, 2]), &[]);
    assert_eq!(report.errors.len(), 1);
}

#[test]
fn guid_forms() {
    assert!(is_uuid(WS));
    assert!(is_uuid(&format!("{{{WS}}}")));
    assert!(is_uuid(&WS.replace('-', "")));
    assert!(!is_uuid("8ecf8077-cf51-4820-aadd-14040956f35"));
    assert!(!is_uuid(""));
}

#[test]
fn report_is_bounded() {
    let mut providers = serde_json::Map::new();
    for i in 0..5_000 {
        providers.insert(format!("P{i}"), json!({"Args": "x"}));
    }
    let config = json!({"TIProviders": providers});
    let report = check(&config, &[]);
    assert_eq!(report.errors.len(), super::MAX_MESSAGES);
}

#[test]
fn option_values_are_not_echoed() {
    let mut config = good();
    config["Azure"] = json!({"cloud": "CANARY-secret", "auth_methods": ["cli", "CANARY-2"]});
    let report = check(&config, &[("OTX_KEY", true)]);
    assert_eq!(report.warnings.len(), 2, "{:?}", report.warnings);
    assert!(report.warnings.iter().all(|w| !w.contains("CANARY")));
}

#[test]
fn empty_key_names_are_shown_quoted() {
    // Found by fuzz_config: an empty key gave ": not a known setting" (no key named).
    let mut config = good();
    config[""] = json!("x");
    config["TIProviders"][" "] = json!({"Args": {"": {"EnvironmentVar": "UNSET_VAR"}}});
    let report = check(&config, &[("OTX_KEY", true)]);
    assert!(
        report
            .warnings
            .contains(&"'': not a known setting".to_owned()),
        "{:?}",
        report.warnings
    );
    assert!(
        report.errors.contains(
            &"TIProviders.' '.Args.'': environment variable UNSET_VAR is not set".to_owned()
        ),
        "{:?}",
        report.errors
    );
    for message in report.errors.iter().chain(&report.warnings) {
        assert!(!message.starts_with(':'), "{message}");
    }
}
