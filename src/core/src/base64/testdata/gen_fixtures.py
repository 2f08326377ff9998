# Regenerates ../fixtures.rs from msticpy 3.0.2: /opt/ref/v302/bin/python gen_fixtures.py (then cargo fmt -p mstic-core).
import base64, gzip, io, zipfile, tarfile, json, sys, hashlib
from msticpy.transform import base64unpack as bu

def b(x): return base64.b64encode(x if isinstance(x, bytes) else x.encode()).decode()

def gz(data):
    return gzip.compress(data, mtime=0)

def mkzip(members):
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            zi = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    return bio.getvalue()

def mktar(members, fmt=tarfile.GNU_FORMAT):
    bio = io.BytesIO()
    with tarfile.open(fileobj=bio, mode="w", format=fmt) as t:
        for name, kind, data in members:
            ti = tarfile.TarInfo(name)
            ti.mode = 0o777; ti.mtime = 0; ti.uid = 0; ti.gid = 0; ti.uname = ""; ti.gname = ""
            if kind == "file":
                ti.size = len(data); t.addfile(ti, io.BytesIO(data))
            elif kind == "dir":
                ti.type = tarfile.DIRTYPE; t.addfile(ti)
            elif kind == "sym":
                ti.type = tarfile.SYMTYPE; ti.linkname = data; t.addfile(ti)
    return bio.getvalue()

cases = {}
cases["plain_nested"] = ("x " + b(b(b("hello this is a test string number one"))) + " y " + b("second item which is long enough"), False, False)
cases["utf16"] = ("cmd -enc " + b("Write-Host 'hello from powershell'".encode("utf-16-le")) + " end", True, False)
cases["utf16_off"] = (cases["utf16"][0], False, False)
cases["gzip"] = ("data " + b(gz(b"the quick brown fox jumps over the lazy dog, gzip inside")) + " tail", False, False)
cases["zip_multi"] = ("z " + b(mkzip([("a.txt", b"first member text"), ("dir/", b""), ("bin.dat", bytes(range(0, 256, 7))), ("../evil.txt", b"evil"), ("c.txt", b64 := b("nested base64 inside a zip member!!"))])), False, False)
cases["zip_single"] = (b(mkzip([("only.txt", b"just one member in this zip file")])), False, False)
cases["tar"] = ("t " + b(mktar([("f1.txt", "file", b"tar member one"), ("d", "dir", None), ("f2.bin", "file", b"\x00\x01\x02\xff")])), False, False)
cases["malformed"] = ("abcdefghijklmnopqrstuvwxyzABCDE " + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo" + " " + b("valid text after an invalid one!"), False, False)
cases["items_pad"] = (b("padded input string for unpack_items") + "xy", False, True)
cases["quirk_pos"] = ("aaaa " + b("first") + "zz " + b(b("x" * 40)) + " " + b("the end of all things here"), False, False)
cases["crlf"] = ("v=" + b("a line that is long enough to wrap around in base64 output")[:40] + "\r\n" + b("a line that is long enough to wrap around in base64 output")[40:], False, False)
cases["binary_exe"] = ("TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+AAAAA4fug4AtAnNIbgBTM0hVGhpcyBwcm9ncmFt", False, False)
depth = "deep!"
for i in range(30): depth = b(depth)
cases["depth30"] = (depth, False, False)
d2 = "nested deeply within many layers of base64 encoding"
for i in range(25): d2 = b(d2)
cases["depth25_b"] = ("pre " + d2 + " post", False, False)

out = {}
for name, (s, utf16, pad) in cases.items():
    bu._UNDECODABLE_STRINGS.clear()
    if pad:
        d, df = bu.unpack_items(input_string=s, utf16=utf16)
    else:
        d, df = bu.unpack(s, utf16=utf16)
    recs = []
    for r in df.to_dict(orient="records"):
        recs.append(dict(reference=list(r["reference"]), original_string=r["original_string"], file_name=r["file_name"],
            file_type=r["file_type"], input_bytes=r["input_bytes"].hex(), decoded_string=r["decoded_string"],
            encoding_type=r["encoding_type"], md5=r["md5"], sha1=r["sha1"], sha256=r["sha256"], printable_bytes=r["printable_bytes"]))
    out[name] = dict(input=s, utf16=utf16, pad=pad, decoded=d, records=recs)

for k, v in out.items(): print(k, len(v["records"]), len(v["decoded"]), [tuple(r["reference"]) for r in v["records"]][:6])

def patch_tar(data, extra=b""):
    data = bytearray(data); off = 0; out = bytearray()
    while off + 512 <= len(data) and any(data[off:off+512]):
        blk = data[off:off+512]
        blk[100:108] = b"0100777\x00"
        blk[148:156] = b" " * 8
        blk[148:156] = ("%06o\x00 " % sum(blk)).encode()
        size = int(blk[124:136].strip(b"\x00 ") or b"0", 8)
        nblocks = (size + 511) // 512
        out += blk + data[off+512: off+512+nblocks*512]
        off += 512 + nblocks*512
    return bytes(out + extra + b"\x00" * 1024)

tar_bytes = patch_tar(mktar([("f1.txt", "file", b"tar member one"), ("d", "dir", None), ("f2.bin", "file", b"\x00\x01\x02\xff"), ("f3.txt", "file", b"third")]))
cases2 = {"tar": ("t " + b(tar_bytes) + " end", False, False)}
print("tar type:", bu._is_known_b64_prefix(b(tar_bytes)))
del cases["depth25_b"]
cases.update(cases2)


def rs(s):
    return 'r#"' + s + '"#' if '"#' not in s else json.dumps(s)
def opt(s):
    return "None" if s is None else f"Some({lit(s)})"
lines = ["//! Expected outputs recorded from msticpy 3.0.2 (`testdata/gen_fixtures.py`, run with the reference interpreter; the undecodable cache is cleared per case).", "//! Long strings are recorded as `sha256:<hex>` of their UTF-8 text.", "", "use super::fixture_types::{Fixture, Rec};", "", "pub(super) const FIXTURES: &[Fixture] = &["]
def lit(s):
    if len(s) > 3000:
        return rs("sha256:" + hashlib.sha256(s.encode()).hexdigest())
    return rs(s)
for name, (s, utf16, pad) in cases.items():
    bu._UNDECODABLE_STRINGS.clear()
    d, df = (bu.unpack_items(input_string=s, utf16=utf16) if pad else bu.unpack(s, utf16=utf16))
    lines.append(f"    Fixture {{\n        name: {rs(name)},\n        input: {rs('gen:depth30') if name == 'depth30' else rs(s)},\n        utf16: {str(utf16).lower()},\n        pad: {str(pad).lower()},\n        decoded: {lit(d)},\n        records: &[")
    for r in df.to_dict(orient="records"):
        ref = r["reference"]
        lines.append(f"            Rec {{ reference: [{rs(ref[0])}, {rs(ref[1])}, {rs(ref[2])}], original_string: {lit(r['original_string'])}, file_name: {rs(r['file_name'])}, file_type: {opt(r['file_type'])}, decoded_string: {opt(r['decoded_string'])}, encoding_type: {rs(r['encoding_type'])}, md5: {rs(r['md5'])}, sha1: {rs(r['sha1'])}, sha256: {rs(r['sha256'])} }},")
    lines.append("        ],\n    },")
lines.append("];")
open(__import__("os").path.join(__import__("os").path.dirname(__file__), "..", "fixtures.rs"), "w").write("\n".join(lines) + "\n")
