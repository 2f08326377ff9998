"""
VirusTotal sandbox behaviour of a file (msticpy 3.x ``context.vtlookupv3.vtfile_behavior``).

``VTFileBehavior`` fetches a file's behaviour summary (or one sandbox's report) from the
VirusTotal v3 REST API through ``msticpy.common.http_transport``, groups its categories
for an ipywidgets browser and turns the ``processes_tree`` into a process-tree frame that
``mp_plot.process_tree`` can draw. msticpy's class needs vt-py; this one does not.

Deliberate differences (docs/threat_intel.md, "VirusTotal clients"): a failed request
raises ``MsticpyVTNoDataError`` naming the VirusTotal error code (msticpy lets vt-py's
``APIError`` escape); process entries with fields beyond msticpy's are accepted (msticpy's
attrs class rejects them); the browser's title shows the file id (msticpy's shows the
literal text "{self.file_id}").
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from html import escape
from pathlib import PurePosixPath
from pprint import pformat
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote

from ..._version import VERSION
from ...common.exceptions import MsticpyUserError
from ...transform.proc_tree_schema import ProcSchema

if TYPE_CHECKING:
    import pandas as pd

__version__ = VERSION
__author__ = "Ian Hellen"

logger: logging.Logger = logging.getLogger(__name__)

VT_API_NOT_FOUND = "NotFoundError"

#: Browser groups: a category goes to the first group whose pattern matches its name.
_FB_CAT_PATTERNS: dict[str, str] = {
    "File": "file.*",
    "Process": "process.*|command.*|module.*",
    "Registry": "registry.*",
    "Network": ".*ips|dns.*|.*urls|ip.*|http.*|tls",
    "System": "mutex.*|calls.*|permissions.*|text.*",
    "Other": ".*",
}


class VTFileBehavior:
    """VirusTotal file behaviour (sandbox detonation) data."""

    _SANDBOXES: ClassVar[list[str]] = [
        "f_secure_sandbox",
        "bitdam_atp",
        "vmray",
        "virustotal_zenbox",
        "sangfor_zsand",
        "virustotal_jujubox",
        "qianxin_reddrip",
        "nsfocus_poma",
        "virustotal_androbox",
        "venuseye_sandbox",
        "cyber_adapt",
        "dr_web_vxcube",
        "virustotal_observer",
        "tencent_habo",
        "yomi_hunter",
        "virustotal_jsbox",
        "virustotal_cuckoofork",
        "lastline",
        "reaqta_hive",
        "os_x_sandbox",
        "virustotal_droidy",
        "sndbox",
        "virustotal_r2dbox",
        "rising_moves",
        "virustotal_box_of_apples",
        "secondwrite",
        "malwation",
        "c2ae",
        "microsoft_sysinternals",
    ]

    _FP_ENDPOINTS: ClassVar[dict[str, str]] = {
        "summary": "/files/{id}/behaviour_summary",
        "sandbox": "/file_behaviours/{id}_{sandbox}",
        "evtx": "/file_behaviours/{sandbox_id}/evtx",
        "pcap": "/file_behaviours/{sandbox_id}/pcap",
        "memdump": "/file_behaviours/{sandbox_id}/memdump",
    }

    @classmethod
    def list_sandboxes(cls) -> list[str]:
        """Return the known sandbox names."""
        return list(cls._SANDBOXES)

    def __init__(
        self,
        vt_key: str,
        file_id: str | None = None,
        file_summary: pd.DataFrame | pd.Series | dict[str, Any] | None = None,
    ) -> None:
        """
        Create a VTFileBehavior for a file id or a VirusTotal file summary.

        Parameters
        ----------
        vt_key : str
            VirusTotal API key (never shown).
        file_id : str, optional
            The file's id (hash).
        file_summary : pd.DataFrame, pd.Series or dict, optional
            A file object (its ``id`` is used if ``file_id`` is None); of a DataFrame,
            the first row.

        Raises
        ------
        MsticpyUserError
            If neither ``file_id`` nor ``file_summary`` is given.

        """
        if file_id is None and file_summary is None:
            raise MsticpyUserError(
                "You must supply either a file_id or a file_summary.",
                title="Missing required parameter.",
            )
        self._vt_key = vt_key
        summary: Any = file_summary
        if hasattr(summary, "iloc") and hasattr(summary, "columns"):
            summary = summary.iloc[0]
        if hasattr(summary, "to_dict"):
            summary = summary.to_dict()
        self.file_summary: dict[str, Any] = dict(summary or {})
        self.file_id: Any = file_id or self.file_summary.get("id")
        self._file_behavior: dict[str, Any] = {}
        self.categories: dict[str, Any] = {}
        self.behavior_links: dict[str, Any] = {}
        self.process_tree_df: pd.DataFrame | None = None

    def __repr__(self) -> str:
        """Return the class name and file id (never the key)."""
        return f"VTFileBehavior(file_id={self.file_id!r})"

    def _reset_summary(self) -> None:
        self._file_behavior = {}
        self.categories = {}
        self.process_tree_df = None

    @property
    def sandbox_id(self) -> str:
        """Return the sandbox report id."""
        return self.categories.get("id", "")

    @property
    def has_evtx(self) -> bool:
        """Return True if EVTX data is available (Enterprise only)."""
        return self.categories.get("has_evtx", False)

    @property
    def has_memdump(self) -> bool:
        """Return True if a memory dump is available (Enterprise only)."""
        return self.categories.get("has_memdump", False)

    @property
    def has_pcap(self) -> bool:
        """Return True if PCAP data is available (Enterprise only)."""
        return self.categories.get("has_pcap", False)

    @property
    def has_behavior_data(self) -> bool:
        """Return True if behaviour data is loaded."""
        return bool(self.categories)

    def get_file_behavior(self, sandbox: str | None = None) -> None:
        """
        Fetch the behaviour summary, or one sandbox's report.

        Parameters
        ----------
        sandbox : str, optional
            A sandbox name (see ``list_sandboxes``); by default the summary.

        Raises
        ------
        MsticpyVTNoDataError
            If the request fails (other than "not found", which is recorded as the
            result ``NotFoundError``).

        """
        from ...common.http_transport import HttpRequest, fetch_many
        from .vtlookupv3 import MsticpyVTNoDataError, VTLookupV3, _classify

        file_id = quote(str(self.file_id), safe="")
        if sandbox:
            path = self._FP_ENDPOINTS["sandbox"].format(id=file_id, sandbox=quote(sandbox, safe=""))
        else:
            path = self._FP_ENDPOINTS["summary"].format(id=file_id)
        request = HttpRequest(
            url=VTLookupV3._BASE_URL.rstrip("/") + path,
            headers={"x-apikey": self._vt_key or "", "Accept": "application/json"},
            group="VirusTotal",
        )
        outcome = _classify(
            fetch_many([request], secrets=[self._vt_key] if self._vt_key else [])[0]
        )
        if not outcome.found:
            self._file_behavior = {"id": self.file_id, "result": VT_API_NOT_FOUND}
            return
        data = (outcome.page or {}).get("data")
        if not isinstance(data, dict):
            raise MsticpyVTNoDataError(
                f"An error occurred requesting data from VirusTotal: {outcome.error}"
            )
        self._file_behavior = data
        if "attributes" in data:
            self.categories = dict(data.get("attributes") or {})
            self.behavior_links = dict(data.get("links") or {})
        else:
            self.categories = data

    def browse(self) -> Any:
        """Return an ipywidgets browser of the behaviour categories (None if no data)."""
        if not self.has_behavior_data:
            self._print_no_data()
            return None
        import ipywidgets as widgets

        layout = widgets.Layout(width="90%", border="solid gray 1px", margin="1pt", padding="5pt")
        accordion = widgets.Accordion()
        tabs: dict[str, Any] = {}
        for group, sub_cats in _group_categories(self.categories).items():
            tab = widgets.Tab()
            content = {
                section: widgets.HTML(value=_format_widget_data(items))
                for section, items in self.categories.items()
                if items and section in sub_cats
            }
            tab.children = list(content.values())
            for idx, section in enumerate(content):
                tab.set_title(idx, section)
            tabs[group] = tab
        accordion.children = list(tabs.values())
        for idx, group in enumerate(tabs):
            accordion.set_title(idx, group)
        accordion.selected_index = 0
        title = widgets.HTML(
            f"<h2>VirusTotal Detonation Details</h2> For file {escape(str(self.file_id))}",
            layout=layout,
        )
        return widgets.VBox([title, accordion])

    @property
    def process_tree(self) -> Any:
        """Return the Bokeh process-tree plot of the detonation (None if no data)."""
        if not self.has_behavior_data:
            self._print_no_data()
            return None
        if self.process_tree_df is None:
            self.process_tree_df = _build_process_tree(self.categories)
        from ...vis.process_tree import build_and_show_process_tree

        plot, _ = build_and_show_process_tree(
            self.process_tree_df, schema=VT_PROCSCHEMA, legend_col="name", hide_legend=True
        )
        return plot

    def _print_no_data(self) -> None:
        logger.info("No data available for %s.", self.file_id)


@dataclass
class SIProcess:
    """One process of a detonation."""

    process_id: str
    name: str
    cmd_line: str
    parent_id: int = -1
    proc_key: str | None = None
    parent_key: str | None = None
    path: str | None = None
    IsRoot: bool = False  # msticpy's column names
    IsLeaf: bool = False
    IsBranch: bool = False
    children: list[SIProcess] = field(default_factory=list)
    time_offset: int = 0


VT_PROCSCHEMA = ProcSchema(
    process_name="name",
    process_id="process_id",
    parent_id="parent_id",
    cmd_line="cmd_line",
    time_stamp="time_stamp",
    logon_id="logon_id",
    path_separator="\\",
    user_name="user_name",
    host_name_column="host",
    event_id_column="event_id",
)


def _build_process_tree(fb_categories: dict[str, Any]) -> pd.DataFrame:
    """Return the process-tree frame (indexed by ``proc_key``) of a behaviour report."""
    import pandas as pd

    raw = list(fb_categories.get("processes_tree") or [])
    # msticpy keys created processes by the last POSIX path part, lower-cased (a Windows
    # path has no "/", so the whole path), and renames a tree entry whose name ends so.
    created = {
        PurePosixPath(str(proc)).parts[-1].lower(): str(proc)
        for proc in fb_categories.get("processes_created") or []
        if str(proc)
    }
    procs = _extract_processes(raw, created)
    # Fields read one by one: dataclasses.asdict would recurse through the children.
    columns = [f.name for f in fields(SIProcess) if f.name != "children"]
    rows = [[getattr(proc, name) for name in columns] for proc in _flatten(procs)]
    frame = pd.DataFrame(rows, columns=columns)
    frame = _try_match_commandlines(list(fb_categories.get("command_executions") or []), frame)
    return _fill_missing_proc_tree_values(frame)


def _extract_processes(
    process_data: list[Any], created: dict[str, str], parent: SIProcess | None = None
) -> list[SIProcess]:
    """Turn ``processes_tree`` entries (nested ``children``) into SIProcess objects."""
    procs: list[SIProcess] = []
    # An explicit stack keeps deep (hostile) trees from exhausting the recursion limit.
    stack: list[tuple[list[Any], SIProcess | None, list[SIProcess]]] = [
        (process_data, parent, procs)
    ]
    while stack:
        entries, par, out = stack.pop()
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            proc = _create_si_proc(entry, created)
            if par is not None:
                proc.parent_key, proc.IsBranch = par.proc_key, True
            else:
                proc.IsRoot = True
            children = [c for c in entry.get("children") or [] if isinstance(c, dict)]
            if children:
                stack.append((children, proc, proc.children))
            else:
                proc.IsLeaf, proc.IsBranch = True, False
            out.append(proc)
    return procs


def _create_si_proc(raw: dict[str, Any], created: dict[str, str]) -> SIProcess:
    name = str(raw.get("name", ""))
    full_name = name
    for short, proc_name in created.items():
        if name.lower().endswith(short):
            full_name = proc_name
            break
    process_id = str(raw.get("process_id", ""))
    offset = raw.get("time_offset", 0)
    return SIProcess(
        process_id=process_id,
        name=full_name,
        cmd_line=name,
        proc_key=f"{process_id}|{full_name}",
        time_offset=offset if isinstance(offset, int) else 0,
    )


def _flatten(procs: list[SIProcess]) -> list[SIProcess]:
    """Return the processes depth-first, each parent before its children (msticpy's order)."""
    out: list[SIProcess] = []
    stack = list(reversed(procs))
    while stack:
        proc = stack.pop()
        out.append(proc)
        stack.extend(reversed(proc.children))
    return out


def _try_match_commandlines(command_executions: list[Any], procs: pd.DataFrame) -> pd.DataFrame:
    """Give each process the first unclaimed command line naming it (then by stem)."""
    procs = procs.copy()
    cmd_lines: list[Any] = [None] * len(procs)
    names = [str(n) for n in procs["name"]]
    commands = [str(c) for c in command_executions]
    for cmd in commands:
        for pos, name in enumerate(names):
            if cmd_lines[pos] is None and name in cmd:
                cmd_lines[pos] = cmd
                break
    weak = 0
    for cmd in commands:
        for pos, name in enumerate(names):
            if cmd_lines[pos] is None and PurePosixPath(name).stem.lower() in cmd.lower():
                cmd_lines[pos], weak = cmd, weak + 1
                break
    if weak:
        logger.warning(
            "%s of the %d commandlines were weakly matched - some commandlines may be "
            "attributed to the wrong instance of the process.",
            weak,
            len(commands),
        )
    procs["cmd_line"] = [float("nan") if c is None else c for c in cmd_lines]
    procs["cmd_line"] = procs["cmd_line"].astype(object)
    return procs


def _fill_missing_proc_tree_values(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the columns a process-tree plot needs and build the tree paths."""
    frame = frame.copy()
    frame["time_stamp"] = datetime.now(tz=timezone.utc)
    frame["host"] = "sandbox"
    frame["logon_id"] = "na"
    frame["event_id"] = "na"
    frame["source_index"] = [str(i).zfill(5) for i in frame.index]
    tree = frame.set_index("proc_key")
    tree = tree[~tree.index.duplicated()]
    return _build_paths(tree)


def _build_paths(tree: pd.DataFrame) -> pd.DataFrame:
    """Set ``path`` (root-to-process source indexes joined by "/") and ``parent_index``."""
    tree = tree.copy()
    source = dict(zip(tree.index, tree["source_index"]))
    parent = dict(zip(tree.index, tree["parent_key"]))
    roots = {key for key, is_root in zip(tree.index, tree["IsRoot"]) if is_root}
    paths: dict[Any, str] = {key: source[key] for key in roots}
    parent_index: dict[Any, str] = {}
    # Breadth-first from the roots, as msticpy's level-by-level merge: a process whose
    # parent is unreachable keeps its own index as its path.
    children: dict[Any, list[Any]] = {}
    for key in tree.index:
        if key not in roots:
            children.setdefault(parent.get(key), []).append(key)
    queue = list(roots)
    while queue:
        key = queue.pop()
        for child in children.get(key, ()):
            if child not in paths:
                paths[child] = f"{paths[key]}/{source[child]}"
                parent_index[child] = source[key]
                queue.append(child)
    tree["path"] = [paths.get(key, source[key]) for key in tree.index]
    if parent_index:
        tree["parent_index"] = [parent_index.get(key, float("nan")) for key in tree.index]
    return tree


def _group_categories(categories: dict[str, Any]) -> dict[str, set[str]]:
    """Return browser group -> category names (each category in its first group)."""
    remaining = set(categories)
    groups: dict[str, set[str]] = {}
    for name, pattern in _FB_CAT_PATTERNS.items():
        groups[name] = {cat for cat in remaining if re.match(pattern, cat)}
        remaining -= groups[name]
    return groups


def _format_widget_data(data_item: Any) -> str:
    """Return HTML for one category: a table for lists, preformatted text otherwise."""
    if not data_item:
        return ""
    import pandas as pd

    if isinstance(data_item, list):
        if isinstance(data_item[0], dict):
            return pd.DataFrame(data_item).to_html(index=False)
        if isinstance(data_item[0], str):
            return pd.DataFrame(pd.Series(data_item)).to_html(index=False, header=False)
    return f"<pre>{escape(pformat(data_item))}</pre>"
