"""
Widget parity worker: builds notebook widgets from generated arguments in whichever msticpy
it imports, applies generated UI actions, and reports the widgets' values.

Run by ``test_widget_parity.py`` in the reference interpreter (msticpy 3.0.2) and in ours.
Reads ``{"cases": [...]}`` on stdin; each case has a ``kind`` (the widget), ``kwargs``
(JSON-safe; ``{"__dt__": iso}`` is a datetime, ``{"__timespan__": [start, end]}`` a
``TimeSpan``) and ``actions`` (slider moves, unit changes, filter text, clicks...).
Writes one result per case: the reported attributes after construction and after each
action, or ``{"error": ExceptionClassName}``. Output printed by the widgets (``display``
outside a notebook prints) is swallowed so stdout carries only the JSON answer.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import warnings
from datetime import date, datetime
from typing import Any

warnings.simplefilter("ignore")


def _plain(value: Any) -> Any:
    """JSON-safe form of a reported value (datetimes keep their type name)."""
    if isinstance(value, datetime):
        return {"type": type(value).__name__, "iso": value.isoformat()}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _plain(val) for key, val in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(val) for val in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    item = getattr(value, "item", None)
    if callable(item):
        return _plain(item())
    return repr(value)


def _decode(value: Any) -> Any:
    """Turn the JSON argument forms back into Python objects."""
    if isinstance(value, dict):
        if "__dt__" in value:
            return datetime.fromisoformat(value["__dt__"])
        if "__timespan__" in value:
            from msticpy.common.timespan import TimeSpan

            start, end = (datetime.fromisoformat(v) for v in value["__timespan__"])
            return TimeSpan(start=start, end=end)
        return {key: _decode(val) for key, val in value.items()}
    if isinstance(value, list):
        return [_decode(val) for val in value]
    return value


def _query_time(widget: Any) -> dict[str, Any]:
    slider = widget._w_tm_range
    return {
        "start": widget.start,
        "end": widget.end,
        "before": widget.before,
        "after": widget.after,
        "max_before": widget.max_before,
        "max_after": widget.max_after,
        "units": widget.units,
        "origin_time": widget.origin_time,
        "slider": [list(slider.value), slider.min, slider.max],
        "start_text": widget._w_start_time_txt.value,
        "end_text": widget._w_end_time_txt.value,
        "origin_text": [str(widget._w_origin_dt.value), widget._w_origin_tm.value],
        "unit_options": list(widget._w_time_unit.options),
        "unit_value": widget._w_time_unit.value,
        "timespan": [widget.timespan.start, widget.timespan.end, str(widget.timespan.period)],
        "heading": widget.layout.children[0].value,
    }


def _lookback(widget: Any) -> dict[str, Any]:
    slider = widget.layout
    return {
        "value": widget.value,
        "lookback": widget.lookback,
        "start": widget.start,
        "end": widget.end,
        "slider": [slider.min, slider.max, slider.description],
    }


def _select_item(widget: Any) -> dict[str, Any]:
    report = {
        "value": widget.value,
        "label": widget.label,
        "options": list(widget._wgt_select.options),
        "layout": len(widget.layout.children),
        "description": widget._wgt_select.description,
        "size": [widget._wgt_select.layout.width, widget._wgt_select.layout.height],
    }
    if widget._display_filter:
        report["filter"] = widget._w_filter.value
    return report


def _select_subset(widget: Any) -> dict[str, Any]:
    return {
        "selected_items": widget.selected_items,
        "selected_values": widget.selected_values,
        "value": widget.value,
        "source": list(widget._source_list.options),
        "src_items": widget.src_items,
    }


def _select_alert(widget: Any) -> dict[str, Any]:
    alert = widget.selected_alert
    options = widget._w_select_alert.options
    pairs = options.items() if isinstance(options, dict) else options
    return {
        # msticpy joins the summary columns in set order: compare the parts as a set.
        "options": [[sorted(text.split(" - ")), alert_id] for text, alert_id in pairs],
        "alert_id": widget.alert_id,
        "alert": None
        if alert is None
        else {
            "AlertName": alert["AlertName"],
            "ExtendedProperties": alert["ExtendedProperties"],
            "Entities": alert["Entities"],
        },
        "time_col": widget.time_col,
        "disp_columns": sorted(widget.disp_columns),
        "layout": len(widget.layout.children),
    }


def _simple(widget: Any, kind: str) -> dict[str, Any]:
    if kind == "GetText":
        return {"value": widget.value, "description": widget.layout.description}
    if kind == "Progress":
        return {
            "value": widget.value,
            "max": widget.max,
            "bar": widget._progress.value,
            "label": widget._done_label.value,
            "visibility": widget._progress.layout.visibility,
        }
    return {  # OptionButtons
        "value": widget.value,
        "default": widget.default,
        "timeout": widget.timeout,
        "buttons": [button.description for button in widget._buttons],
        "description": widget._desc_label.value,
    }


REPORTERS = {
    "QueryTime": _query_time,
    "Lookback": _lookback,
    "SelectItem": _select_item,
    "SelectSubset": _select_subset,
    "SelectAlert": _select_alert,
}


def _report(widget: Any, kind: str) -> dict[str, Any]:
    reporter = REPORTERS.get(kind)
    return _plain(reporter(widget) if reporter else _simple(widget, kind))


def _act(widget: Any, action: list[Any]) -> None:
    name, *args = action
    if name == "slider":
        widget._w_tm_range.value = tuple(args)
    elif name == "unit":
        widget._w_time_unit.value = args[0]
    elif name == "set_time":
        widget.set_time(start=_decode(args[0]), end=_decode(args[1]))
    elif name == "origin_text":
        widget._w_origin_tm.value = args[0]
    elif name == "lookback":
        widget.layout.value = args[0]
    elif name == "filter":
        target = getattr(widget, "_w_filter", None) or widget._w_filter_alerts
        target.value = args[0]
    elif name == "select":
        target = getattr(widget, "_wgt_select", None) or widget._w_select_alert
        target.value = args[0]
    elif name == "set_value":
        widget.value = args[0]
    elif name == "source_pick":
        widget._source_list.value = tuple(args[0])
        widget._b_add.click()
    elif name == "selected_remove":
        widget._select_list.value = tuple(args[0])
        widget._b_del.click()
    elif name in ("add_all", "del_all"):
        (widget._b_add_all if name == "add_all" else widget._b_del_all).click()
    elif name == "progress":
        widget.update_progress(new_total=args[0], delta=args[1])
    elif name == "click":
        widget._buttons[args[0]].click()
    elif name == "top_alert":
        widget._select_top_alert()
    else:
        raise ValueError(f"unknown action {name}")


def _build(case: dict[str, Any]) -> Any:
    import pandas as pd

    import msticpy.nbwidgets as nbw

    kwargs = _decode(case["kwargs"])
    if case["kind"] == "SelectAlert":
        frame = pd.DataFrame(kwargs.pop("alerts"))
        frame["TimeGenerated"] = pd.to_datetime(frame["TimeGenerated"])
        return nbw.SelectAlert(frame, **kwargs)
    if case["kind"] == "Progress":
        return nbw.Progress(**kwargs)
    return getattr(nbw, case["kind"])(**kwargs)


def _signature(target: Any) -> list[list[Any]]:
    """Parameters of a callable as [name, kind, default] (defaults as repr)."""
    import inspect

    params = inspect.signature(target).parameters.values()
    return [
        [p.name, p.kind.name, None if p.default is p.empty else repr(p.default)] for p in params
    ]


def _api(names: list[str]) -> dict[str, Any]:
    """Signatures of the constructors and public methods, and the public class names."""
    import importlib
    import inspect

    report: dict[str, Any] = {}
    for qualified in names:
        module_name, _, class_name = qualified.rpartition(".")
        cls = getattr(importlib.import_module(module_name), class_name)
        public = sorted(name for name in dir(cls) if not name.startswith("_"))
        report[qualified] = {
            "init": _signature(cls.__init__) if inspect.isfunction(cls.__init__) else None,
            "public": public,
            "methods": {
                name: _signature(getattr(cls, name))
                for name in public
                if inspect.isfunction(getattr(cls, name))
            },
        }
    return report


def run_case(case: dict[str, Any]) -> dict[str, Any]:
    """Build the widget, apply the actions, report after each step."""
    if case["kind"] == "api":
        try:
            return {"ok": _plain(_api(case["kwargs"]["classes"]))}
        except Exception as exc:  # the class is the result
            return {"ok": [{"error": type(exc).__name__}]}
    steps: list[Any] = []
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            if case["kind"] == "parse_time_unit":
                from msticpy.nbwidgets.core import parse_time_unit

                return {"ok": [parse_time_unit(text).name for text in case["kwargs"]["texts"]]}
            widget = _build(case)
            steps.append(_report(widget, case["kind"]))
            for action in case.get("actions", []):
                try:
                    _act(widget, action)
                except Exception as exc:  # the class is the result
                    steps.append({"error": type(exc).__name__})
                    continue
                steps.append(_report(widget, case["kind"]))
            if case.get("rebuild"):
                steps.append(_report(_build(case), case["kind"]))
        except Exception as exc:  # the class is the result
            steps.append({"error": type(exc).__name__})
    return {"ok": steps}


def main() -> int:
    import msticpy

    request = json.load(sys.stdin)
    results = [run_case(case) for case in request["cases"]]
    json.dump({"msticpy_version": msticpy.__version__, "results": results}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
