"""Charts of the grants app, drawn with matplotlib (Agg) and returned as PNG bytes.

Floats appear here only: plotting needs them, money never leaves this module as float.
"""

import io
from contextlib import contextmanager

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from partnerships.formatting import format_money

CATEGORY_COLOURS = {"administration": "#7a8ca3", "management": "#e0a458", "operational": "#2f6f8f"}
PRINT_DPI = 150


@contextmanager
def print_chart(figsize):
    """Yield a figure and its axes at print resolution.

    The figure is made without pyplot: pyplot keeps figures in a global registry that
    threads of one server process would share, and that must be emptied by hand. A
    plain Figure draws with the Agg canvas and is freed with its last reference.
    """
    fig = Figure(figsize=figsize, dpi=PRINT_DPI)
    yield fig, fig.subplots()


def png_of(fig, ax):
    """Finish a chart in the house style and return it as PNG bytes."""
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def budget_plan_png(table, title):
    """Stack the yearly amounts per cost category of an indexed budget plan."""
    years = [row.year for row in table["years"]]
    with print_chart((8, 3.6)) as (fig, ax):
        bottom = [0.0] * len(years)
        for code, label in table["categories"]:
            values = [float(row.amounts[code]) for row in table["years"]]
            ax.bar(years, values, bottom=bottom, label=str(label), color=CATEGORY_COLOURS.get(code))
            bottom = [b + v for b, v in zip(bottom, values)]
        ax.set_title(title)
        ax.set_xticks(years)
        # Headroom above the highest bar keeps the legend off the bars.
        ax.set_ylim(0, max(bottom + [1.0]) * 1.3)
        ax.yaxis.set_major_formatter(
            FuncFormatter(lambda value, _pos: format_money(value, "EUR", whole=True))
        )
        ax.legend(loc="upper left", frameon=False, fontsize="small")
        return png_of(fig, ax)
