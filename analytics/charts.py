"""Server-rendered SVG charts: geometry here, markup in templates/analytics/_chart.html.

No JavaScript and no chart library: the numbers become coordinates in a
fixed viewBox; the template draws them and a table carries the same data
for screen readers and for anyone who wants the exact values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 720, 240
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 48, 12, 12, 28


@dataclass
class Series:
    name: str
    values: list  # float or None per day
    css: str  # series-1, series-2 ... (colours live in analytics.css)
    points: str = ""
    bars: list = field(default_factory=list)
    dots: list = field(default_factory=list)


@dataclass
class Chart:
    title: str
    kind: str  # "line" or "bars"
    labels: list[str]
    series: list[Series]
    unit: str = ""
    ticks: list = field(default_factory=list)
    xlabels: list = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = PAD_LEFT
    plot_right: int = WIDTH - PAD_RIGHT
    plot_bottom: int = HEIGHT - PAD_BOTTOM
    plot_top: int = PAD_TOP
    empty: bool = False

    @property
    def rows(self):
        return [(label, [s.values[i] for s in self.series]) for i, label in enumerate(self.labels)]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    for step in (1, 2, 2.5, 5, 10):
        magnitude = 10 ** (len(str(int(value))) - 1)
        candidate = step * magnitude
        if candidate >= value:
            return candidate
    return value


def build(
    title: str, labels: list[str], series: list[tuple[str, list]], *, kind="line", unit="", max_value=None
) -> Chart:
    chart = Chart(
        title=title,
        kind=kind,
        labels=labels,
        unit=unit,
        series=[Series(name=n, values=v, css=f"series-{i + 1}") for i, (n, v) in enumerate(series)],
    )
    present = [v for s in chart.series for v in s.values if v is not None]
    chart.empty = not present or not labels
    if chart.empty:
        return chart
    top = max_value if max_value is not None else _nice_max(max(present))
    if unit == "" and max_value is None:
        top = max(top, 4)  # counts: whole-number ticks
    plot_w = chart.plot_right - chart.plot_left
    plot_h = chart.plot_bottom - chart.plot_top
    n = len(labels)

    def y(v):
        return round(chart.plot_bottom - (min(v, top) / top) * plot_h, 1)

    chart.ticks = [{"y": y(top * f), "label": _fmt(top * f, unit)} for f in (0, 0.25, 0.5, 0.75, 1)]
    every = max(1, n // 8)
    slot = plot_w / n
    chart.xlabels = [
        {"x": round(chart.plot_left + slot * (i + 0.5), 1), "label": labels[i]} for i in range(0, n, every)
    ]
    for k, s in enumerate(chart.series):
        if kind == "line":
            pts = [
                (round(chart.plot_left + slot * (i + 0.5), 1), y(v)) for i, v in enumerate(s.values) if v is not None
            ]
            s.points = " ".join(f"{px},{py}" for px, py in pts)
            s.dots = [{"x": px, "y": py} for px, py in pts] if n <= 31 else []
        else:
            width = max(1.0, slot * 0.8 / len(chart.series))
            for i, v in enumerate(s.values):
                if v is None:
                    continue
                x = chart.plot_left + slot * i + slot * 0.1 + width * k
                s.bars.append(
                    {
                        "x": round(x, 1),
                        "y": y(v),
                        "w": round(width, 1),
                        "h": round(chart.plot_bottom - y(v), 1),
                        "label": labels[i],
                        "value": v,
                    }
                )
    return chart


def _fmt(value: float, unit: str) -> str:
    """An axis label in the reader's language: "2.5 h" in English, "2,5 u" in Dutch."""
    if unit == "%":
        return f"{formats.number_format(value, 0)} %"
    if unit == "h":
        return _("%(n)s h") % {"n": formats.number_format(value, 1 if value < 10 else 0)}
    return formats.number_format(value, 0)
