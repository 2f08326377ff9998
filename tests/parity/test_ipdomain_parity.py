"""
Parity of ``get_ip_type``, ``dns_components``, ``url_components`` and
``convert_to_ip_entities`` (no geolocation) with msticpy 3.0.2 on generated inputs,
hostile ones included. The same worker (``ipdomain_worker.py``) runs in both interpreters.
"""

from __future__ import annotations

import ipaddress
import random
from pathlib import Path
from typing import Any

from .conftest import add_summary_line, run_ours, run_reference

WORKER = Path(__file__).resolve().with_name("ipdomain_worker.py")
SUFFIXES = ["com", "net", "org", "co.uk", "com.au", "de", "gov", "io", "local", "invalid", "ck"]
HOSTILE = [
    "",
    ".",
    "..",
    "a..b.com",
    "-x-.com",
    "x.com.",
    "x.com..",
    "\u3002com",
    "a\u3002b\uff0ecom",
    "WWW.EXAMPLE.COM",
    "[::1]",
    "[::1",
    "[zz]",
    "http://[2001:db8::1]:8080/p",
    "user@host@x.co.uk",
    "http://a:b@c:d@e.org:1/",
    "//x.org/y",
    "x.org?y=1",
    "x.org#frag",
    " spaced.com ",
    "\x1cfs.com\x1f",
    "tab\t.com",
    "1.2.3.4",
    "01.2.3.4",
    "256.1.1.1",
    "1.2.3.4.com",
    "0x7f.0.0.1",
    "www.ck",
    "foo.bar.ck",
    "\u00fcber.de",
    "xn--ber-goa.de",
    "mailto:x@y.com",
    "ftp://X.Y.Z.NET/a b",
    "a" * 300 + ".com",
]
URLS_HOSTILE = [
    "",
    "x.com",
    "http://x.com",
    "HTTPS://X.COM:443/A/../B/./c?q=a b#f g",
    "http://x.com:",
    "http://x.com:0",
    "http://x.com:65535",
    "http://x.com:65536",
    "http://x.com:00080/",
    "http://user:p@ss@x.com/",
    "http://a b.com/",
    "http://x.com/%zz%41",
    "http://x.com/\u00e9",
    "http://[::1]/",
    "http://[::1",
    "/relative/path?x=1",
    "?only=query",
    "#only-fragment",
    "http://x.com/a//b/../c/",
    "http://x.com/..",
    "ftp://X.com/a b",
    "javascript:alert(1)",
    "http://x.com?a=<b>",
    "http://\u00fcber.de/",
    "http://x.com/%41%zz",
    "http://x.com/%7e?%7e#%7e",
    "http://[fe80::1%25eth0]/",
    "http://x.com:8a/",
    "http://:80/",
    "http://@x.com/",
    "x.com:80",
    "localhost:8080/path",
    "http://x.com\\evil.com/",
    "http://x.com/\x00\x7f",
    "//x.com/p",
    "http://x.com/a?b?c#d#e",
]


def _ip(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.45:
        return str(ipaddress.IPv4Address(rng.getrandbits(32)))
    if kind < 0.8:
        return str(ipaddress.IPv6Address(rng.getrandbits(128)))
    if kind < 0.9:
        nets = [
            "10.0.0.0/8",
            "172.16.0.0/12",
            "192.168.0.0/16",
            "fc00::/7",
            "fe80::/10",
            "100.64.0.0/10",
            "192.0.2.0/24",
            "2001:db8::/32",
            "ff00::/8",
            "::ffff:0:0/96",
        ]
        net = ipaddress.ip_network(rng.choice(nets))
        return str(net[rng.randrange(min(net.num_addresses, 1 << 30))])
    return rng.choice(["1.2.3", "1.2.3.4.5", "::g", "abc", "1.2.3.04", " 1.2.3.4", "::", "0.0.0.0"])


def _name(rng: random.Random) -> str:
    labels = [
        rng.choice(["www", "mail", "a", "b-c", "x1", "API", "cdn"])
        for _ in range(rng.randint(0, 3))
    ]
    labels += [rng.choice(["example", "contoso", "bbc", "test"]), rng.choice(SUFFIXES)]
    name = ".".join(labels)
    form = rng.random()
    if form < 0.2:
        return f"https://{name}:{rng.randint(1, 65535)}/p?q=1"
    if form < 0.3:
        return f"user@{name}"
    return name


def _url(rng: random.Random) -> str:
    scheme = rng.choice(["http://", "https://", "", "HTTP://"])
    auth = rng.choice(["", "", "user@", "u:p@"])
    host = _name(rng).split("://")[-1].split(":")[0].split("/")[0].split("@")[-1]
    port = rng.choice(["", "", ":80", ":8443"])
    path = rng.choice(["", "/", "/a/b", "/a/../b", "/x y", "/%41"])
    query = rng.choice(["", "?q=1", "?a=b&c=d"])
    frag = rng.choice(["", "#top"])
    return f"{scheme}{auth}{host}{port}{path}{query}{frag}"


def _ip_str(rng: random.Random) -> str:
    ips = [_ip(rng) for _ in range(rng.randint(1, 5))]
    ips += rng.sample(ips, k=min(len(ips), rng.randint(0, 2)))
    return rng.choice([", ", ",", " ", ";"]).join(ips)


def test_ip_and_domain_functions_equal_msticpy(ref_python: str) -> None:
    rng = random.Random(20261207)
    request: dict[str, Any] = {
        "ips": [_ip(rng) for _ in range(600)],
        "names": [_name(rng) for _ in range(400)] + HOSTILE,
        "urls": [_url(rng) for _ in range(300)],
        "ip_strs": [_ip_str(rng) for _ in range(150)],
    }
    hostile_request = {**request, "urls": URLS_HOSTILE}
    reference = run_reference(ref_python, request, worker=WORKER)["results"]
    ours = run_ours(WORKER, request)["results"]
    counts = {}
    for key in ("signatures", "ip_type", "dns_components", "url_components", "entities"):
        bad = [k for k, (a, b) in enumerate(zip(reference[key], ours[key])) if a != b]
        counts[key] = (len(reference[key]), len(bad))
        assert not bad, (key, [(k, reference[key][k], ours[key][k]) for k in bad[:3]])
    for side in (reference, ours):
        assert all("ok" in sig for sig in side["signatures"][0].values())
    # Hostile URLs: every call returns, and the parts equal urllib3's.
    ref_h = run_reference(ref_python, hostile_request, worker=WORKER)["results"]["url_components"]
    our_h = run_ours(WORKER, hostile_request)["results"]["url_components"]
    assert all("ok" in item for item in our_h)
    differ = [URLS_HOSTILE[k] for k, (a, b) in enumerate(zip(ref_h, our_h)) if a != b]
    add_summary_line(
        f"ip_utils/domain_utils: (inputs, mismatches) {counts}; hostile URLs differing "
        f"from urllib3: {len(differ)}/{len(URLS_HOSTILE)} {differ}"
    )
    assert not differ, differ
