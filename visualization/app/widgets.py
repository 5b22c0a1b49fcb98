"""Small building blocks of the app's pages: chart, file chooser, link box, value cards."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

import solara


@solara.component_vue("chart.vue")
def Chart(
    option: dict,
    filename: str = "chart.png",
    download_label: str = "",
    height: str = "380px",
):
    """An ECharts chart from the app's own server, with an optional "save as PNG" button."""


@solara.component_vue("upload.vue")
def FileChooser(button_label: str, max_bytes: int, event_upload: Callable[[dict], None]):
    """A "choose file" button; calls ``event_upload({name, size, base64})``."""


@solara.component_vue("link.vue")
def LinkBox(query: str, copy_label: str, copied_label: str):
    """The full address of this page with ``query``, and a copy button."""


@solara.component
def Stat(title: str, value: str, note: str = "", tone: str = "", classes: Sequence[str] = ()):
    """A headline number in a card: title, big value, small note."""
    with solara.Div(classes=["cp-stat", *([f"cp-tone-{tone}"] if tone else []), *classes]):
        solara.Div(children=[title], classes=["cp-stat-title"])
        solara.Div(children=[value], classes=["cp-stat-value"])
        if note:
            solara.Div(children=[note], classes=["cp-stat-note"])


def table_html(header: Sequence[str], rows: Sequence[Sequence[Any]], classes: str = "") -> str:
    """An HTML table with every cell escaped; a cell may be (text, css class)."""

    def cell(tag: str, value: Any) -> str:
        if isinstance(value, tuple):
            text, css = value
            return f'<{tag} class="{html.escape(css)}">{html.escape(str(text))}</{tag}>'
        return f"<{tag}>{html.escape(str(value))}</{tag}>"

    head = "".join(cell("th", h) for h in header)
    body = "".join("<tr>" + "".join(cell("td", v) for v in row) + "</tr>" for row in rows)
    return (
        f'<table class="cp-table {html.escape(classes)}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


@solara.component
def Table(header: Sequence[str], rows: Sequence[Sequence[Any]], classes: str = ""):
    """An escaped HTML table (see `table_html`)."""
    solara.HTML(tag="div", unsafe_innerHTML=table_html(header, rows, classes))
