"""The loopback TI service itself: routes, counts, quota, failure replies."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from .ti_loopback import Reply, ti_service


def _get(url: str) -> tuple[int, bytes, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read(), dict(resp.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read(), dict(err.headers)


def test_routes_counts_and_fallthrough() -> None:
    routes = {
        r"/ip/[^/]+": Reply(status=429, headers={"Retry-After": "2"}, times=1),
        r"/ip/.*": Reply(json={"ok": True}),
        r"/bad": Reply(body=b"{not json"),
    }
    with ti_service(routes) as svc:
        status, _, headers = _get(f"{svc.base}/ip/1.2.3.4")
        assert status == 429 and headers["Retry-After"] == "2"
        status, body, _ = _get(f"{svc.base}/ip/1.2.3.4?x=1")
        assert status == 200 and json.loads(body) == {"ok": True}
        assert _get(f"{svc.base}/bad")[1] == b"{not json"
        assert _get(f"{svc.base}/nothing")[0] == 404
        assert svc.count("/ip") == 2 and svc.count() == 3
        assert [r[1] for r in svc.requests][:2] == ["/ip/1.2.3.4", "/ip/1.2.3.4?x=1"]


def test_quota_answers_429_and_counts() -> None:
    with ti_service({r"/.*": Reply(json={})}, quota=(3, 60.0)) as svc:
        statuses = [_get(f"{svc.base}/x")[0] for _ in range(5)]
        assert statuses == [200, 200, 200, 429, 429]
        assert svc.over_quota == 2


@pytest.mark.parametrize("size", [5 * 2**20])
def test_large_body_is_streamed(size: int) -> None:
    with ti_service({r"/big": Reply(size=size)}) as svc:
        status, body, _ = _get(f"{svc.base}/big")
        assert status == 200 and len(body) == size
