"""
Measuring a Bokeh page in headless Chromium: where BokehJS actually drew things.

``open_browser`` starts the system Chromium through the system ``chromedriver`` (Selenium,
kept offline); ``probe_page`` loads a standalone page, waits until every Bokeh document
is idle and asks BokehJS's own view objects for each plot's geometry, in page pixels:
the plot and its frame (the data area), each axis's major and minor tick values with the
label text drawn at each tick and the tick's screen position, the legends' boxes, and the
screen position of given data values on each axis. ``screenshot`` keeps a PNG of the
drawn layout (cropped to it, so the artefact shows the plot and not the empty page).
"""

from __future__ import annotations

import time
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import chromium_session
import pytest

WINDOW = (1400, 1000)
IDLE_S = 60
#: Pixels kept around the layout in screenshots.
MARGIN = 8

# Runs in the page. Bokeh's view objects keep box coordinates relative to each plot's
# canvas; the plot element's client rectangle moves them into page pixels.
PROBE_JS = """
const docs = window.Bokeh ? Bokeh.documents : [];
if (docs.length === 0 || !docs.every((doc) => doc.is_idle)) { return null; }
const box = (origin, b) => ({
  left: origin.left + b.left, top: origin.top + b.top,
  right: origin.left + b.right, bottom: origin.top + b.bottom,
});
const plots = [];
for (const view of Bokeh.index.all_views()) {
  if (view.frame === undefined || view.axis_views === undefined) { continue; }
  const origin = view.el.getBoundingClientRect();
  const axes = [];
  for (const axis of view.axis_views) {
    if (!axis.model.visible) { continue; }
    const dim = axis.dimension;
    const ticks = axis.tick_coords;
    const values = ticks.major[dim];
    const labels = axis.compute_labels(values).items.map((item) => String(item.text));
    const [sxs, sys] = axis.scoords(ticks.major);
    const screen = (dim === 0 ? sxs : sys).map((v) => v + (dim === 0 ? origin.left : origin.top));
    const text = axis.model.axis_label;
    axes.push({
      dimension: dim, side: axis.panel.side, label: text == null ? null : String(text),
      ticks: values, labels: labels, screen: screen, minor: ticks.minor[dim],
      bbox: box(origin, axis.bbox),
    });
  }
  const legends = [];
  for (const rv of view.renderer_views.values()) {
    if (rv.model.type === "Legend" && rv.model.visible && rv.bbox !== undefined) {
      legends.push(box(origin, rv.bbox));
    }
  }
  const frame = view.frame;
  const title = view.model.title;
  plots.push({
    id: view.model.id,
    title: title == null ? null : String(title.text),
    plot: {left: origin.left, top: origin.top, right: origin.right, bottom: origin.bottom},
    frame: box(origin, frame.bbox),
    x_range: [frame.x_range.start, frame.x_range.end],
    y_range: [frame.y_range.start, frame.y_range.end],
    x_at: (arguments[0] || []).map((v) => origin.left + frame.x_scale.compute(v)),
    y_at: (arguments[1] || []).map((v) => origin.top + frame.y_scale.compute(v)),
    axes: axes,
    legends: legends,
  });
}
return {
  plots: plots,
  viewport: {width: window.innerWidth, height: window.innerHeight},
};
"""


def open_browser(profile: Path) -> AbstractContextManager[Any]:
    """Headless Chromium (``chromium_session.open_browser``) in this module's window size."""
    return chromium_session.open_browser(profile, WINDOW)


def probe_page(
    driver: Any,
    page: Path,
    x_values: list[float] | None = None,
    y_values: list[float] | None = None,
) -> dict[str, Any]:
    """
    Load ``page`` and return the geometry BokehJS drew (see ``PROBE_JS``).

    ``x_values``/``y_values`` are data values (times in ms since the epoch) whose
    screen positions are returned per plot as ``x_at``/``y_at``. The browser console's
    messages are returned under ``console``.
    """
    driver.get(page.as_uri())
    return read_probe(driver, x_values, y_values)


def read_probe(
    driver: Any,
    x_values: list[float] | None = None,
    y_values: list[float] | None = None,
) -> dict[str, Any]:
    """``probe_page`` on the page already loaded (e.g. after a drag)."""
    deadline = time.monotonic() + IDLE_S
    result = None
    while result is None and time.monotonic() < deadline:
        time.sleep(0.25)
        result = driver.execute_script(PROBE_JS, x_values or [], y_values or [])
    assert result is not None, "BokehJS never reported every document idle"
    result["console"] = [(entry["level"], entry["message"]) for entry in driver.get_log("browser")]
    return dict(result)


def drag(driver: Any, start: tuple[float, float], dx: float, dy: float = 0) -> None:
    """Press the mouse at ``start`` (page pixels), move it by (dx, dy) and release."""
    from selenium.webdriver.common.action_chains import ActionChains

    actions = ActionChains(driver)
    pointer = actions.w3c_actions.pointer_action
    pointer.move_to_location(int(start[0]), int(start[1]))
    pointer.pointer_down()
    pointer.move_to_location(int(start[0] + dx), int(start[1] + dy))
    pointer.pointer_up()
    actions.perform()


def layout_bounds(probe: dict[str, Any]) -> tuple[float, float, float, float]:
    """The union of every plot's box: (left, top, right, bottom) in page pixels."""
    boxes = [plot["plot"] for plot in probe["plots"]]
    return (
        min(b["left"] for b in boxes),
        min(b["top"] for b in boxes),
        max(b["right"] for b in boxes),
        max(b["bottom"] for b in boxes),
    )


def screenshot(driver: Any, probe: dict[str, Any], path: Path, margin: int = MARGIN) -> Path:
    """Save a PNG of the page cropped to the drawn layout (plus ``margin`` pixels)."""
    image_mod = pytest.importorskip("PIL.Image")
    full = path.with_suffix(".full.png")
    driver.save_screenshot(str(full))
    left, top, right, bottom = layout_bounds(probe)
    with image_mod.open(full) as image:
        box = (
            max(0, int(left) - margin),
            max(0, int(top) - margin),
            min(image.width, int(right) + margin),
            min(image.height, int(bottom) + margin),
        )
        image.crop(box).save(path)
    full.unlink()
    return path


def js_errors(console: list[tuple[str, str]]) -> list[str]:
    """Console messages that report a JavaScript error."""
    return [text for level, text in console if level == "SEVERE" or "Uncaught" in text]


def inside(inner: dict[str, float], outer: dict[str, float], slack: float = 0.5) -> bool:
    """Whether box ``inner`` lies within box ``outer`` (page pixels)."""
    return (
        inner["left"] >= outer["left"] - slack
        and inner["top"] >= outer["top"] - slack
        and inner["right"] <= outer["right"] + slack
        and inner["bottom"] <= outer["bottom"] + slack
    )
