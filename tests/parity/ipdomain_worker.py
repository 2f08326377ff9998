"""
ip_utils / domain_utils parity worker: runs the same calls in whichever msticpy it imports.

Run by ``test_ipdomain_parity.py`` in the reference interpreter (msticpy 3.0.2) and in
ours. Reads ``{"ips": [...], "names": [...], "urls": [...], "ip_strs": [...]}`` as JSON
on stdin; writes each function's output per input (or the exception class name).
Nothing here touches the network: ``convert_to_ip_entities`` runs without geolocation.
"""

from __future__ import annotations

import inspect
import json
import logging
import sys
import warnings
from typing import Any

warnings.simplefilter("ignore")
logging.disable(logging.CRITICAL)


IP_FUNCTIONS = [
    "convert_to_ip_entities",
    "create_ip_record",
    "get_ip_type",
    "get_whois_info",
    "get_whois_df",
    "ip_whois",
    "get_asn_details",
    "get_asn_from_name",
    "get_asn_from_ip",
]
DOMAIN_FUNCTIONS = [
    "screenshot",
    "dns_components",
    "url_components",
    "dns_resolve",
    "dns_resolve_df",
    "ip_rev_resolve",
    "ip_rev_resolve_df",
    "DomainValidator.validate_tld",
    "DomainValidator.is_resolvable",
    "DomainValidator.in_abuse_list",
]


def _resolve_attr(module: Any, dotted: str) -> Any:
    value = module
    for part in dotted.split("."):
        value = getattr(value, part)
    return value


def _call(function: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return {"ok": function(*args, **kwargs)}
    except Exception as err:  # the exception class is the result
        return {"error": type(err).__name__}


def main() -> int:
    import msticpy
    from msticpy.context import domain_utils, ip_utils

    request = json.load(sys.stdin)

    def entities(ip_str: str) -> list[str]:
        ents = ip_utils.convert_to_ip_entities(ip_str, geo_lookup=False)
        return sorted(str(ent.Address) for ent in ents)

    def url_parts(url: str) -> dict[str, Any]:
        return {key: value for key, value in domain_utils.url_components(url).items()}

    def signature(func: Any) -> list[list[str]]:
        params = inspect.signature(func).parameters.values()
        return [[p.name, str(p.kind), repr(p.default)] for p in params]

    public = {
        "ip_utils": (ip_utils, IP_FUNCTIONS),
        "domain_utils": (domain_utils, DOMAIN_FUNCTIONS),
    }
    signatures = {
        f"{mod_name}.{name}": _call(signature, _resolve_attr(module, name))
        for mod_name, (module, names) in public.items()
        for name in names
    }
    out = {
        "signatures": [signatures],
        "ip_type": [_call(ip_utils.get_ip_type, ip) for ip in request["ips"]],
        "dns_components": [_call(domain_utils.dns_components, n) for n in request["names"]],
        "url_components": [_call(url_parts, url) for url in request["urls"]],
        "entities": [_call(entities, text) for text in request["ip_strs"]],
    }
    json.dump({"msticpy_version": msticpy.__version__, "results": out}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
