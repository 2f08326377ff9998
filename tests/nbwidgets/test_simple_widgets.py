"""GetText, GetEnvironmentKey, Progress, OptionButtons and the lazy package."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import pytest

pytest.importorskip("ipywidgets")

import msticpy.nbwidgets as nbwidgets
from msticpy.nbwidgets import (
    GetEnvironmentKey,
    GetText,
    OptionButtons,
    Progress,
    RegisteredWidget,
)


def test_importing_the_package_is_lazy() -> None:
    code = (
        "import sys, msticpy.nbwidgets, msticpy.nbtools.nbwidgets as classic\n"
        "assert classic is msticpy.nbwidgets\n"
        "assert 'ipywidgets' not in sys.modules and 'pandas' not in sys.modules\n"
        "from msticpy.nbtools.nbwidgets import QueryTime\n"
        "assert QueryTime is msticpy.nbwidgets.query_time.QueryTime\n"
        "assert 'ipywidgets' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=dict(os.environ))
    assert set(nbwidgets.__all__) <= set(dir(nbwidgets))
    with pytest.raises(AttributeError):
        nbwidgets.NoSuchWidget  # noqa: B018


def test_get_text_value_and_registry() -> None:
    text = GetText(default="  hello ", prompt="Name:")
    assert text.value == "hello"
    assert text.layout.description == "Name:"
    text.value = 42
    assert text.value == "42"
    again = GetText(default="  hello ", prompt="Name:")
    assert again.value == "42"  # re-running the cell keeps what was typed
    assert GetText(value="v", register=False).value == "v"


def test_nb_params_fill_empty_attributes() -> None:
    class Holder(RegisteredWidget):
        _NB_PARAMS = {"value": "_value"}

        def __init__(self, value: str, **kwargs: object) -> None:
            self._value = value
            super().__init__(**kwargs)  # type: ignore[arg-type]

    space = {"nb_value": "from notebook"}
    assert Holder("", nb_params={"value": "nb_value"}, name_space=space)._value == "from notebook"
    assert Holder("own", nb_params={"value": "nb_value"}, name_space=space)._value == "own"


def test_get_environment_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MSTICPY_WIDGET_TEST_KEY", "secret-value")
    key = GetEnvironmentKey("MSTICPY_WIDGET_TEST_KEY")
    assert (key.value, key.name) == ("secret-value", "MSTICPY_WIDGET_TEST_KEY")
    assert "secret-value" not in repr(key)
    key._w_text.value = " new-value "
    key._w_save_button.click()
    assert os.environ["MSTICPY_WIDGET_TEST_KEY"] == "new-value"
    key._w_check_save.value = False
    key._w_text.value = "unsaved"
    key._w_save_button.click()
    assert os.environ["MSTICPY_WIDGET_TEST_KEY"] == "new-value"


def test_get_environment_key_remembers_when_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MSTICPY_WIDGET_UNSET", raising=False)
    first = GetEnvironmentKey("MSTICPY_WIDGET_UNSET", help_str="<b>set me</b>")
    assert first.value == ""
    first._w_text.value = "typed"
    assert first.value == "typed"
    second = GetEnvironmentKey("MSTICPY_WIDGET_UNSET")
    assert second.value == "typed"
    monkeypatch.setenv("MSTICPY_WIDGET_UNSET", "from-env")
    assert GetEnvironmentKey("MSTICPY_WIDGET_UNSET").value == "from-env"


def test_progress_updates() -> None:
    progress = Progress(completed_len=200)
    assert (progress.value, progress.max) == (0, 200)
    progress.update_progress(delta=50)
    assert (progress.value, progress._progress.value, progress._done_label.value) == (
        50,
        25,
        "25%",
    )
    progress.update_progress(new_total=150)
    assert (progress.value, progress._done_label.value) == (150, "75%")
    progress.hide()
    assert progress._progress.layout.visibility == "hidden"
    progress.show()
    assert progress._done_label.layout.visibility == "visible"
    hidden = Progress(10, visible=False)
    assert hidden._progress.layout.visibility == "hidden"
    with pytest.raises(ValueError, match="positive"):
        Progress(0).update_progress(delta=1)


def test_option_buttons_click_and_defaults() -> None:
    opts = OptionButtons()
    assert [b.description for b in opts._buttons] == ["Yes", "No", "Cancel"]
    assert (opts.default, opts.value, opts.timeout) == ("yes", None, 0)
    opts._buttons[1].click()
    opts._buttons[2].click()  # only the first click counts
    assert opts.value == "No"
    custom = OptionButtons(options=["Go", "Stop"], default="Stop", description="Next?")
    assert (custom.default, custom._desc_label.value) == ("Stop", "Next?")
    assert len(OptionButtons(buttons=[])._buttons) == 3  # empty means the default buttons
    with pytest.raises(ValueError, match="at least one"):
        OptionButtons(buttons=iter([]))


def test_option_buttons_timeout_takes_the_default() -> None:
    async def run() -> OptionButtons:
        opts = OptionButtons(buttons=["Maybe", "Yes"], timeout=0.3)  # type: ignore[arg-type]
        await opts.display_async()
        assert opts.value is None
        assert opts._fut_val is not None
        await asyncio.wait_for(opts._fut_val, timeout=5)
        return opts

    opts = asyncio.run(run())
    assert opts.value == "maybe"
    assert opts._timer_label.value == "Timed out. Defaulted to 'maybe'"


def test_option_buttons_click_beats_the_timeout() -> None:
    async def run() -> OptionButtons:
        opts = OptionButtons(timeout=5)
        await opts.display_async()
        await asyncio.sleep(0.05)
        opts._buttons[2].click()
        assert opts._fut_val is not None
        await asyncio.wait_for(opts._fut_val, timeout=3)
        return opts

    opts = asyncio.run(run())
    assert opts.value == "Cancel"
    assert opts._timer_label.value == "Option selected: 'Cancel'"
