"""Charts of the 统计看板, drawn on the server as SVG by pygal (no JavaScript, no network).

pygal writes a ``<style>`` and a ``<script>`` (its tooltip configuration) into every SVG. Neither
may run inline under the site's Content-Security-Policy, so both are taken out of the tree here and
the style is served once, as a stylesheet of its own (``chart_css``, at /dashboard/charts.css):
every chart shares one pygal ``Style``, so one stylesheet fits all. The bars link to the filtered
lists behind them (pygal's ``xlink``); each chart's numbers are also in a table beside it.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pygal
from django.utils.safestring import SafeString, mark_safe
from lxml import etree
from pygal.style import Style

from .selectors.dashboard import Panel, Series

FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
COLOURS = ("#c62828", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#9e9d24", "#5d4037", "#757575")
STYLE = Style(
    background="transparent",
    plot_background="#ffffff",
    foreground="rgba(0, 0, 0, .87)",
    foreground_strong="rgba(0, 0, 0, 1)",
    foreground_subtle="rgba(0, 0, 0, .54)",
    colors=COLOURS,
    font_family=FONT,
    label_font_family=FONT,
    major_label_font_family=FONT,
    value_font_family=FONT,
    value_label_font_family=FONT,
    tooltip_font_family=FONT,
    title_font_family=FONT,
    legend_font_family=FONT,
    no_data_font_family=FONT,
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    value_font_size=12,
    no_data_font_size=20,
    opacity=".85",
    opacity_hover=".95",
    transition="0ms",
)
CHART_CLASS = "jx-chart"
SVG_NS = "http://www.w3.org/2000/svg"
_CHART_ID = re.compile(r"#chart-[0-9a-f-]{36}")

CHART_TYPES = {
    "bar": (pygal.Bar, {}),
    "stacked": (pygal.StackedBar, {}),
    "hbar": (pygal.HorizontalBar, {}),
    "hstacked": (pygal.HorizontalStackedBar, {}),
}


LABEL_CHARS = 14  # category labels longer than this are cut (the table beside gives them whole)


def _label_width(labels: list[str], font_size: int) -> int:
    """Width the longest category label needs: pygal measures text as if every character were
    narrow; a CJK character is as wide as the font is high."""
    longest = max((len(label[:LABEL_CHARS]) for label in labels), default=0)
    return int(longest * font_size * 1.05) + 8


def _config(kind: str, *, labels: list[str], series: int, percent: bool) -> dict:
    horizontal = kind.startswith("h")
    rows = len(labels)
    legend = series > 1
    height = max(240, 90 + 34 * rows) if horizontal else 340
    extra = {}
    if horizontal:
        # Room for the labels on the left, which pygal under-estimates for Chinese.
        extra["margin_left"] = _label_width(labels, STYLE.label_font_size)
    return extra | {
        "style": STYLE,
        "width": 640,
        "height": height,
        "js": [],
        "disable_xml_declaration": True,
        "classes": ["pygal-chart", CHART_CLASS],
        "show_legend": legend,
        "legend_at_bottom": True,
        # one column per series: pygal's own spacing measures Chinese text too short and overlaps
        "legend_at_bottom_columns": max(1, min(series, 5)),
        "print_values": True,
        "print_zeroes": False,
        "truncate_label": LABEL_CHARS if horizontal else 8,
        "truncate_legend": 14,
        "no_data_text": "暂无数据",
        "min_scale": 2,
        "max_scale": 6,
        "y_labels_major_every": None,
        "value_formatter": (lambda v: f"{v:g}%") if percent else (lambda v: f"{v:g}"),
        "margin": 12,
        "margin_bottom": 28 if legend else 12,
        "spacing": 8,
    }


def render_panel(panel: Panel) -> SafeString:
    """The panel's chart as inline SVG (no style, no script inside), ready for the page.

    pygal takes some 10–80 ms a chart; the same numbers give the same SVG, so charts are kept
    (per process, the last ``CHART_CACHE`` distinct ones) and drawn again only when a number,
    label or link changes.
    """
    key = (
        panel.chart,
        panel.title,
        panel.percent,
        tuple(panel.labels),
        tuple((s.name, tuple(s.values), tuple(s.hrefs)) for s in panel.series),
    )
    return mark_safe(_render(*key))  # pygal escapes every text it writes


CHART_CACHE = 512


@lru_cache(maxsize=CHART_CACHE)
def _render(kind: str, title: str, percent: bool, labels: tuple, series: tuple) -> str:
    panel = Panel(
        key="",
        title=title,
        columns=[],
        rows=[],
        labels=list(labels),
        series=[Series(name, list(values), list(hrefs)) for name, values, hrefs in series],
        chart=kind,
        percent=percent,
    )
    chart_class, extra = CHART_TYPES[panel.chart]
    chart = chart_class(
        **_config(panel.chart, labels=panel.labels, series=len(panel.series), percent=panel.percent),
        **extra,
    )
    chart.title = None
    # pygal draws a horizontal chart's first category at the bottom: reversed, it reads top-down
    # in the order of the table beside it.
    order = list(range(len(panel.labels)))
    if panel.chart.startswith("h"):
        order.reverse()
    chart.x_labels = [panel.labels[i] for i in order]
    for series in panel.series:
        values = []
        for i in order:
            value = series.values[i]
            href = series.hrefs[i] if i < len(series.hrefs) else ""
            point = {"value": value, "label": panel.labels[i]}
            if href:
                point["xlink"] = {"href": href, "target": "_self"}
            values.append(point)
        chart.add(series.name, values)
    return mark_safe(_clean_svg(chart.render_tree(), panel.title))


def _clean_svg(tree, title: str) -> str:
    """Drop what pygal writes for its own JavaScript — the inline <style> and <script>, the tooltip
    box (shown only by that script), style attributes and element ids (which would repeat from chart
    to chart on one page) — and comments; name the chart for screen readers."""
    root = tree if tree.tag.endswith("svg") else tree.getroot()
    for node in list(root.iter()):
        parent = node.getparent()
        if not isinstance(node.tag, str):  # comments and processing instructions
            if parent is not None:
                parent.remove(node)
            continue
        local = etree.QName(node).localname
        if local in ("style", "script") or (local == "g" and "tooltip" in (node.get("class") or "").split()):
            if parent is not None:
                parent.remove(node)
            continue
        node.attrib.pop("style", None)
        node.attrib.pop("id", None)
    for node in root:
        if isinstance(node.tag, str) and etree.QName(node).localname == "title":
            node.text = title
    root.set("role", "img")
    root.set("aria-label", title)
    return etree.tostring(root, encoding="unicode")


@lru_cache(maxsize=1)
def chart_css() -> str:
    """pygal's stylesheet for ``STYLE``, scoped to ``.jx-chart`` instead of one chart's id."""
    chart = pygal.StackedBar(style=STYLE, js=[], disable_xml_declaration=True)
    for i in range(len(COLOURS)):
        chart.add(str(i), [1])
    tree = chart.render_tree()
    root = tree if tree.tag.endswith("svg") else tree.getroot()
    css = "\n".join(node.text or "" for node in root.iter(f"{{{SVG_NS}}}style", "style"))
    return _CHART_ID.sub(f".{CHART_CLASS}", css)
