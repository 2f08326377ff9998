"""
Query browser: a ``SelectItem`` listing a ``QueryProvider``'s queries.

Selecting a query shows its description and parameters, the query template and a
calling example (all HTML-escaped). Same place and call as msticpy 3.0.2's
``msticpy.vis.query_browser.browse_queries``.
"""

from __future__ import annotations

import html
import textwrap
from typing import Any

from IPython.display import HTML

from ..nbwidgets.select_item import SelectItem

__all__ = ["browse_queries"]

#: Query lines longer than this are wrapped in the browser.
_WRAP_AT = 80


def browse_queries(query_provider: Any, **kwargs: Any) -> SelectItem:
    """
    Return a browser for the queries of ``query_provider``.

    Parameters
    ----------
    query_provider : QueryProvider
        The provider whose queries are listed.
    **kwargs
        Passed to ``SelectItem`` (``height`` defaults to "300px").

    Returns
    -------
    SelectItem
        The browser; its ``value`` is the selected query's name.

    Raises
    ------
    ValueError
        If the provider has no queries.

    """
    kwargs.setdefault("height", "300px")
    return SelectItem(
        item_list=query_provider.list_queries(), action=_describer(query_provider), **kwargs
    )


def _doc_html(doc: str) -> str:
    """Docstring as HTML: first line as a heading, indentation kept as margins."""
    first, *rest = doc.split("\n")
    parts = [f"<h3>{html.escape(first)}</h3>"]
    for line in rest:
        stripped = line.strip()
        if stripped.startswith("---"):
            continue
        if stripped == "Parameters":
            parts.append(f"<p><b>{html.escape(stripped)}</b></p>")
            continue
        indent = (len(line) - len(line.lstrip())) * 10
        style = f" style='margin-left: {indent}px'" if indent else ""
        parts.append(f"<div{style}>{html.escape(line)}</div>")
    return "".join(parts)


def _query_html(query: str) -> str:
    """The query template, one pipe stage per line, long stages wrapped."""
    stages = [
        "\n  ".join(textwrap.wrap(stage)) if len(stage) > _WRAP_AT else stage
        for stage in query.strip().split("|")
    ]
    text = "\n|".join(stages)
    return f"<p><b>Query</b></p><pre>{html.escape(text)}</pre>"


def _example_html(name: str) -> str:
    return (
        "<p><b>Example</b></p>"
        "<p>{QueryProvider}[.QueryPath].QueryName(params...)</p>"
        f"<pre>qry_prov.{html.escape(name)}(start=start, end=end, hostname=host)</pre>"
    )


def _describer(query_provider: Any) -> Any:
    """The browser's action: HTML help for the selected query name."""

    def describe(name: str) -> HTML:
        doc = getattr(query_provider, name).__doc__ or name
        query = query_provider.get_query(name)
        return HTML(f"{_doc_html(doc)}<br>{_query_html(query)}<br>{_example_html(name)}")

    return describe
