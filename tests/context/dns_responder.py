"""A small UDP DNS responder on 127.0.0.1 for the domain_utils tests (stdlib only).

``DnsResponder(delay=0.02)`` answers each query after 20 ms (used by
``benchmarks/bench_dns.py``).

Zone (all under ``.test``):
``good.test`` A 192.0.2.1 and 192.0.2.2; ``mail.test`` MX 10 mx.good.test;
``nx.test`` NXDOMAIN; ``empty.test`` exists with no records; ``slow.test`` never
answered; ``n<i>.bulk.test`` A 10.0.<i // 256>.<i % 256>; PTR of 192.0.2.1 is
``host.good.test``. Anything else: NXDOMAIN.
"""

from __future__ import annotations

import socket
import struct
import threading

TYPE_A, TYPE_PTR, TYPE_MX = 1, 12, 15


def _encode_name(name: str) -> bytes:
    out = b""
    for label in name.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\x00"


def _read_question(packet: bytes) -> tuple[str, int, int]:
    """The question name, its type and the offset just past the question."""
    idx, labels = 12, []
    while packet[idx]:
        length = packet[idx]
        labels.append(packet[idx + 1 : idx + 1 + length].decode())
        idx += 1 + length
    qtype = struct.unpack("!H", packet[idx + 1 : idx + 3])[0]
    return ".".join(labels).lower() + ".", qtype, idx + 5


def _records(name: str, qtype: int) -> tuple[int, list[tuple[int, bytes]]] | None:
    """``(rcode, [(type, rdata)])`` or None to stay silent."""
    if name == "slow.test.":
        return None
    if name == "good.test.":
        ips = ["192.0.2.1", "192.0.2.2"] if qtype == TYPE_A else []
        return 0, [(TYPE_A, socket.inet_aton(ip)) for ip in ips]
    if name == "mail.test.":
        return 0, (
            [(TYPE_MX, b"\x00\x0a" + _encode_name("mx.good.test"))] if qtype == TYPE_MX else []
        )
    if name == "empty.test.":
        return 0, []
    if name == "1.2.0.192.in-addr.arpa." and qtype == TYPE_PTR:
        return 0, [(TYPE_PTR, _encode_name("host.good.test"))]
    if name.endswith(".bulk.test.") and name.startswith("n") and qtype == TYPE_A:
        num = int(name[1 : name.index(".")])
        return 0, [(TYPE_A, bytes([10, 0, num // 256, num % 256]))]
    return 3, []


class DnsResponder:
    """Serve the zone above on a loopback UDP port until ``close``."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.queries: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                packet, peer = self.sock.recvfrom(4096)
            except OSError:
                continue
            try:
                reply = self._answer(packet)
            except (IndexError, struct.error, ValueError):
                continue
            if reply is None:
                continue
            if self.delay > 0:
                # Answer later from a timer so queries overlap as on a real server.
                threading.Timer(self.delay, self._send, (reply, peer)).start()
            else:
                self._send(reply, peer)

    def _send(self, reply: bytes, peer: tuple[str, int]) -> None:
        try:
            self.sock.sendto(reply, peer)
        except OSError:
            pass  # closed while a delayed answer was pending

    def _answer(self, packet: bytes) -> bytes | None:
        qid = packet[:2]
        name, qtype, end = _read_question(packet)
        self.queries.append(name)
        found = _records(name, qtype)
        if found is None:
            return None
        rcode, answers = found
        flags = 0x8180 | rcode
        header = qid + struct.pack("!HHHHH", flags, 1, len(answers), 0, 0)
        body = packet[12:end]
        for rtype, rdata in answers:
            body += b"\xc0\x0c" + struct.pack("!HHIH", rtype, 1, 300, len(rdata)) + rdata
        return header + body

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()
