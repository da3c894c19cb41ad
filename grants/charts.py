"""Charts of the grants app, drawn with matplotlib (Agg) and returned as PNG bytes.

Floats appear here only: plotting needs them, money never leaves this module as float.
Every chart is readable in print: no text under MIN_FONT_PT, titles wrapped to the
figure's width, and the saved image cut around everything drawn.
"""

import io
import textwrap
from contextlib import contextmanager

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from partnerships.formatting import format_money

CATEGORY_COLOURS = {"administration": "#7a8ca3", "management": "#e0a458", "operational": "#2f6f8f"}
PRINT_DPI = 150
# The smallest text a chart holds, in points: ticks, legends, labels on bars.
MIN_FONT_PT = 9
TITLE_FONT_PT = 11
# An average glyph of the sans-serif font is about this share of its size wide.
GLYPH_WIDTH = 0.55


@contextmanager
def print_chart(figsize):
    """Yield a figure and its axes at print resolution, with no text below MIN_FONT_PT.

    The figure is made without pyplot: pyplot keeps figures in a global registry that
    threads of one server process would share, and that must be emptied by hand. A
    plain Figure draws with the Agg canvas and is freed with its last reference.
    """
    fig = Figure(figsize=figsize, dpi=PRINT_DPI)
    ax = fig.subplots()
    ax.tick_params(labelsize=MIN_FONT_PT)
    ax.xaxis.label.set_fontsize(MIN_FONT_PT)
    ax.yaxis.label.set_fontsize(MIN_FONT_PT)
    yield fig, ax


def chart_title(fig, text):
    """A title over the whole figure, wrapped to its width: a long translation is never clipped.

    A title of the axes starts where the axes start, right of long tick labels, and runs
    off the figure; the figure's own title starts at its left edge and the layout leaves
    room for all its lines.
    """
    width = max(int(fig.get_figwidth() * 72 / (TITLE_FONT_PT * GLYPH_WIDTH)), 20)
    fig.suptitle("\n".join(textwrap.wrap(str(text), width)), x=0.01, ha="left", fontsize=TITLE_FONT_PT)


def finish(fig, ax):
    """The house style: no box around the plot, and room laid out for every text."""
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def png_of(fig):
    """The chart as PNG bytes, cut around everything drawn so that nothing is clipped."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", pad_inches=0.1)
    return buffer.getvalue()


def budget_plan_figure(table, title):
    """Stack the yearly amounts per cost category of an indexed budget plan."""
    years = [row.year for row in table["years"]]
    with print_chart((8, 3.6)) as (fig, ax):
        bottom = [0.0] * len(years)
        for code, label in table["categories"]:
            values = [float(row.amounts[code]) for row in table["years"]]
            ax.bar(years, values, bottom=bottom, label=str(label), color=CATEGORY_COLOURS.get(code))
            bottom = [b + v for b, v in zip(bottom, values)]
        chart_title(fig, title)
        ax.set_xticks(years)
        # Headroom above the highest bar keeps the legend off the bars.
        ax.set_ylim(0, max(bottom + [1.0]) * 1.3)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: format_money(value, "EUR", whole=True)))
        ax.legend(loc="upper left", frameon=False, fontsize=MIN_FONT_PT)
        return finish(fig, ax)


def budget_plan_png(table, title):
    return png_of(budget_plan_figure(table, title))
