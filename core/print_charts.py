"""The house style of every chart, drawn with matplotlib (Agg) and returned as PNG bytes.

Floats appear only in charts: plotting needs them, money never leaves a chart module as
float. Every chart is readable in print: no text under MIN_FONT_PT, titles wrapped to the
figure's width, and the saved image cut around everything drawn.
"""

import io
import textwrap
from contextlib import contextmanager

from matplotlib.figure import Figure

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
