"""SelectItem, SelectString, SelectSubset, SelectAlert and AlertSelector."""

from __future__ import annotations

import json
from typing import Any

import pytest

pytest.importorskip("ipywidgets")
pd = pytest.importorskip("pandas")

from msticpy.nbtools.security_alert import SecurityAlert  # noqa: E402
from msticpy.nbwidgets import (  # noqa: E402
    AlertSelector,
    SelectAlert,
    SelectItem,
    SelectString,
    SelectSubset,
)


def test_select_item_list_and_action() -> None:
    seen: list[Any] = []
    item = SelectItem(options=["alpha", "Beta", "gamma"], action=seen.append)
    assert (item.value, item.label, item.def_value) == ("alpha", "alpha", "alpha")
    assert item._w_filter.value == "alpha"  # the filter starts with the selected label
    item._wgt_select.value = "gamma"
    assert seen == ["gamma"]
    item._w_filter.value = "BE"
    assert item._wgt_select.options == ("Beta",)
    item.value = "Beta"
    assert item.value == "Beta"
    item._w_display_details.value = False  # re-runs the action, which now shows nothing
    assert seen == ["gamma", "Beta"]
    assert len(item.layout.children) == 3


def test_select_item_dict_values() -> None:
    options = {"First": 1, "Second": 2}
    item = SelectItem(description="pick", item_dict=options, value="Second")
    assert (item.value, item.label) == (2, "Second")
    item.value = 1
    assert item.label == "First"
    item.value = "Second"
    assert item.value == 2
    assert len(item.layout.children) == 2  # no action: no 'Display details' box
    assert SelectItem(options=options, value=1).value == 1
    assert SelectItem(options=options, value="nothing").value == 1
    no_filter = SelectItem(options=["a"], display_filter=False)
    assert len(no_filter.layout.children) == 1


def test_select_item_needs_options() -> None:
    with pytest.raises(ValueError, match="No options"):
        SelectItem(options=[])


def test_select_string_is_deprecated_and_writes_to_output() -> None:
    calls: list[Any] = []
    with pytest.warns(DeprecationWarning):
        item = SelectString(item_list=["x", "y"], action=calls.append)
    item._wgt_select.value = "y"
    assert calls == ["y"]


def test_select_subset_add_remove() -> None:
    subset = SelectSubset(["c", "a", "b", "a"], default_selected=["b", "z"], auto_display=False)
    assert subset.src_items == ["a", "b", "c"]
    assert subset.selected_items == ["b"]
    subset._source_list.value = ("a", "c")
    subset._b_add.click()
    assert subset.value == ["a", "b", "c"]
    subset._select_list.value = ("b",)
    subset._b_del.click()
    assert subset.selected_values == ["a", "c"]
    assert subset._select_list.index == (1,)  # the item after the removed one
    subset._select_list.value = ()
    subset._b_del.click()  # nothing highlighted: nothing happens
    assert subset.selected_values == ["a", "c"]
    subset._b_del_all.click()
    assert subset.value == []
    subset._w_filter.value = "B"
    assert subset._source_list.options == ("b",)
    subset._b_add_all.click()
    assert subset.value == ["b"]


def test_select_subset_label_value_pairs() -> None:
    subset = SelectSubset(
        {"Label 2": "v2", "Label 1": "v1"}, default_selected={"Label 2": "v2"}, auto_display=False
    )
    assert subset.selected_items == [("Label 2", "v2")]
    subset._source_list.value = ("v1",)
    subset._b_add.click()
    assert subset.selected_values == ["v1", "v2"]
    assert subset.selected_items == [("Label 1", "v1"), ("Label 2", "v2")]
    with pytest.raises(ValueError, match="at least one"):
        SelectSubset([], auto_display=False)


def _alerts() -> pd.DataFrame:
    entities = [{"$id": "2", "Type": "host", "HostName": "web01"}]
    return pd.DataFrame(
        {
            "SystemAlertId": ["id-b", "id-a", "id-c"],
            "TimeGenerated": pd.to_datetime(
                ["2024-01-02 10:00", "2024-01-01 09:00", "2024-01-03 11:00"]
            ),
            "AlertName": ["Beta alert", "Alpha alert", "Gamma alert"],
            "ProductName": ["P1", "P2", "P1"],
            "Entities": [json.dumps(entities), "[]", "not json"],
            "ExtendedProperties": ['{"k": "v"}', "{}", "{}"],
        }
    )


def test_select_alert_options_selection_and_action() -> None:
    shown: list[Any] = []
    selector = SelectAlert(_alerts(), action=lambda alert: shown.append(alert) or None)
    labels = list(selector._select_items)
    assert [selector._select_items[text] for text in labels] == ["id-a", "id-b", "id-c"]
    assert labels[0] == "2024-01-01 09:00:00 - Alpha alert - P2"
    assert selector.value is None
    selector._w_select_alert.value = "id-c"
    assert selector.alert_id == "id-c"
    assert isinstance(selector.selected_alert, SecurityAlert)
    assert selector.selected_alert["AlertName"] == "Gamma alert"
    assert shown[-1] is selector.selected_alert
    selector._select_top_alert()  # what display() does: the first row
    assert selector.alert_id == "id-b"
    alert = selector.value
    assert alert["ExtendedProperties"] == {"k": "v"}
    assert [entity.HostName for entity in alert.entities] == ["web01"]
    selector._w_filter_alerts.value = "gamma"
    assert list(selector._w_select_alert.options) == [labels[2]]


def test_select_alert_default_columns_and_errors() -> None:
    selector = SelectAlert(_alerts(), columns=["AlertName", "Nope"], default_alert="id-c")
    assert selector.disp_columns == ["AlertName"]
    assert selector._w_select_alert.value == "id-c"
    selector._select_top_alert()
    assert selector.alert_id == "id-c"
    assert len(selector.layout.children) == 2
    with pytest.raises(ValueError, match="not found"):
        SelectAlert(_alerts(), columns=["Missing"])


def test_alert_selector_is_deprecated() -> None:
    with pytest.warns(DeprecationWarning):
        selector = AlertSelector(_alerts(), action=lambda alert: None)
    selector._w_select_alert.value = "id-a"
    assert selector.query_params == {"provider_alert_id": "id-a"}
