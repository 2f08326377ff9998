"""nbdisplay: alerts, logons and alert process trees as escaped HTML; re-exports; paths."""

from __future__ import annotations

import importlib

import pandas as pd
import pytest

pytest.importorskip("bokeh")

from msticpy.vis import nbdisplay

HOSTILE = "<script>alert('x')</script>&\"'"


def _logons() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "TargetUserName": ["alice", HOSTILE],
            "TargetDomainName": ["CONTOSO", "EVIL"],
            "TimeGenerated": pd.to_datetime(["2024-01-01 10:00", "2024-01-01 11:00"]),
            "LogonType": [3, 10],
            "TargetUserSid": ["S-1-5-21-1-2-3-500", "S-1-5-18"],
            "TargetLogonId": ["0x3e7", "0x1234"],
            "SubjectUserName": ["-", HOSTILE],
            "SubjectDomainName": ["", "<i>dom</i>"],
            "LogonProcessName": ["NtLmSsp", "User32"],
            "AuthenticationPackageName": ["NTLM", "Negotiate"],
            "IpAddress": ["10.0.0.5", "<img src=x onerror=alert(1)>"],
            "WorkstationName": ["WKS1", "WKS2"],
            "Status": ["0x0", "0x0"],
        }
    )


def test_logon_html_escapes_every_value() -> None:
    page = nbdisplay.format_logon(_logons()).data
    assert "<script>" not in page and "<img" not in page and "<i>dom" not in page
    assert html_escaped(HOSTILE) in page
    assert "Logon type: </b>3(Network)" in page
    assert "Logon type: </b>10(RemoteInteractive)" in page
    assert "SID S-1-5-21-1-2-3-500 is administrator" in page
    assert "SID S-1-5-18 is LOCAL_SYSTEM" in page
    assert "'0x3e7' System logon session" in page
    single = nbdisplay.format_logon(_logons().iloc[0], os_family="Linux").data
    assert "Audit user" in single and "Logon type" not in single
    sparse = nbdisplay.format_logon(pd.DataFrame({"TargetUserName": ["bob"]})).data
    assert "bob" in sparse


def html_escaped(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def test_alerts_from_series_dict_and_objects() -> None:
    alert = {
        "AlertDisplayName": HOSTILE,
        "StartTimeUtc": "2024-01-01T10:00:00Z",
        "CompromisedEntity": "WKS1",
        "SystemAlertId": "a-1",
    }
    frame = nbdisplay.format_alert(pd.Series(alert))
    assert isinstance(frame, pd.DataFrame) and frame.loc["SystemAlertId", 0] == "a-1"
    assert nbdisplay.format_alert(alert).loc["CompromisedEntity", 0] == "WKS1"
    heading = nbdisplay.alert_heading(alert)
    assert "<script>" not in heading and html_escaped(HOSTILE) in heading

    class FakeAlert:
        def to_html(self, show_entities: bool = False) -> str:
            return f"<p>alert entities={show_entities}</p>"

    assert nbdisplay.format_alert(FakeAlert(), show_entities=True).data == (
        "<p>alert entities=True</p>"
    )
    with pytest.raises(ValueError, match="Unrecognized alert"):
        nbdisplay.format_alert(42)
    nbdisplay.display_alert(pd.Series(alert))  # displays quietly outside a notebook


def test_classic_alert_process_tree_and_plot_form() -> None:
    tree = pd.DataFrame(
        {
            "NodeRole": ["parent", "source", "child"],
            "Level": [1, 0, 1],
            "TimeGenerated": pd.to_datetime(
                ["2024-01-01 10:00", "2024-01-01 10:01", "2024-01-01 10:02"]
            ),
            "NewProcessName": ["explorer.exe", "cmd.exe", HOSTILE],
            "NewProcessId": ["0x1", "0x2", "0x3"],
            "CommandLine": ["explorer", "cmd /c <b>", "x"],
        }
    )
    page = nbdisplay.format_process_tree(tree)
    assert "<script>" not in page and "cmd /c &lt;b&gt;" in page
    assert page.index("explorer.exe") < page.index("cmd.exe")
    assert 'margin-left:80px"><span style="color:red' in page
    text = nbdisplay.format_process_tree(tree, fmt="txt")
    assert "\n        [source:lev0]" in text
    assert nbdisplay.display_process_tree(tree) is None


def test_reexports_and_classic_path() -> None:
    from msticpy.vis.process_tree import plot_process_tree
    from msticpy.vis.timeline import display_timeline
    from msticpy.vis.timeline_values import display_timeline_values

    assert nbdisplay.display_timeline is display_timeline
    assert nbdisplay.display_timeline_values is display_timeline_values
    assert nbdisplay.plot_process_tree is plot_process_tree
    assert importlib.import_module("msticpy.nbtools.nbdisplay") is nbdisplay
