"""
Notebook widgets (msticpy's ``nbwidgets``): query times, selectors, prompts, progress.

Importing this package is cheap: each widget's module (and ipywidgets with it) is
imported when the widget's name is first used. The classic path
``msticpy.nbtools.nbwidgets`` is this same package.
"""

from __future__ import annotations

from .._lazy import lazy_attributes

_LAZY: dict[str, str] = {
    "IPyDisplayMixin": ".core:IPyDisplayMixin",
    "RegisteredWidget": ".core:RegisteredWidget",
    "TimeUnit": ".core:TimeUnit",
    "parse_time_unit": ".core:parse_time_unit",
    "GetEnvironmentKey": ".get_environment_key:GetEnvironmentKey",
    "GetText": ".get_text:GetText",
    "Lookback": ".lookback:Lookback",
    "OptionButtons": ".option_buttons:OptionButtons",
    "Progress": ".progress:Progress",
    "QueryTime": ".query_time:QueryTime",
    "SelectAlert": ".select_alert:SelectAlert",
    "AlertSelector": ".select_alert:AlertSelector",
    "SelectItem": ".select_item:SelectItem",
    "SelectString": ".select_item:SelectString",
    "SelectSubset": ".select_subset:SelectSubset",
}

__all__ = sorted(_LAZY)

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
