"""Step two of the annual report: charts (matplotlib, Agg) as PNG bytes, in the report's language.

The dashboard of the programme team draws the same charts from the same frames.
Floats appear only here, for plotting; labels and amounts go through babel.
"""

import textwrap

from django.utils import translation
from django.utils.translation import gettext as _
from matplotlib.ticker import FuncFormatter, MaxNLocator

from grants.charts import png_of, print_chart
from partnerships.formatting import format_money, format_percent
from partnerships.names import country_name

BUDGET_COLOUR = "#c9d3df"
ACCEPTED_COLOUR = "#2f6f8f"
STATUS_COLOURS = {"achieved": "#3c8d5a", "on_track": "#2f6f8f", "behind": "#c0533a"}
NEUTRAL = "#9aa5b1"
# Room above the highest bar for the legend.
LEGEND_HEADROOM = 1.3
# Bars of indicators far above target are cut here so the others stay readable.
ACHIEVEMENT_AXIS_MAX = 150


def _euro_axis(ax, axis, language):
    formatter = FuncFormatter(lambda value, _pos: format_money(value, "EUR", lang=language, whole=True))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


def execution_by_year_png(years, language):
    """Budget against accepted expenses per programme year, with the execution rate on each year."""
    with translation.override(language), print_chart((7, 3.2)) as (fig, ax):
        positions = list(range(len(years)))
        width = 0.38
        ax.bar([p - width / 2 for p in positions], [float(v) for v in years["budget_eur"]], width,
               color=BUDGET_COLOUR, label=_("Budget"))
        ax.bar([p + width / 2 for p in positions], [float(v) for v in years["accepted_eur"]], width,
               color=ACCEPTED_COLOUR, label=_("Accepted expenses"))
        for position, accepted, pct in zip(positions, years["accepted_eur"], years["execution_pct"]):
            if pct is not None:
                ax.annotate(format_percent(pct, lang=language), (position + width / 2, float(accepted)),
                            ha="center", va="bottom", fontsize="x-small")
        ax.set_xticks(positions, [str(year) for year in years["year"]])
        ax.set_ylim(0, max([float(v) for v in years["budget_eur"]] + [1.0]) * LEGEND_HEADROOM)
        ax.set_title(_("Execution per year (EUR)"), loc="left", fontsize="medium")
        _euro_axis(ax, "y", language)
        ax.legend(frameon=False, fontsize="small", loc="upper right")
        return png_of(fig, ax)


def execution_by_country_png(countries, language):
    """Budget against accepted expenses per partner country, for one year."""
    with translation.override(language), print_chart((7, 0.5 + 0.55 * max(len(countries), 1))) as (fig, ax):
        names = [country_name(code) for code in countries["country"]]
        positions = list(range(len(names)))
        ax.barh([p + 0.2 for p in positions], [float(v) for v in countries["budget_eur"]], 0.4,
                color=BUDGET_COLOUR, label=_("Budget"))
        ax.barh([p - 0.2 for p in positions], [float(v) for v in countries["accepted_eur"]], 0.4,
                color=ACCEPTED_COLOUR, label=_("Accepted expenses"))
        ax.set_yticks(positions, names)
        ax.invert_yaxis()
        ax.xaxis.set_major_locator(MaxNLocator(4))
        ax.set_title(_("Execution per country (EUR)"), loc="left", fontsize="medium")
        _euro_axis(ax, "x", language)
        ax.legend(frameon=False, fontsize="small", loc="lower right")
        return png_of(fig, ax)


def indicator_progress_png(results, language):
    """Achievement of each programme indicator against its target for the year, in percent."""
    rows = results[results["achievement_pct"].notna()] if len(results) else results
    with translation.override(language), print_chart((7, 0.6 + 0.5 * max(len(rows), 1))) as (fig, ax):
        labels = [
            textwrap.shorten(f"{objective} {name}", width=60, placeholder="…")
            for objective, name in zip(rows["objective"], rows["name"])
        ]
        values = [min(float(v), ACHIEVEMENT_AXIS_MAX) for v in rows["achievement_pct"]]
        colours = [STATUS_COLOURS.get(status, NEUTRAL) for status in rows["status"]]
        positions = list(range(len(labels)))
        ax.barh(positions, values, color=colours)
        for position, pct in zip(positions, rows["achievement_pct"]):
            ax.annotate(format_percent(pct, lang=language, decimals=0), (min(float(pct), ACHIEVEMENT_AXIS_MAX), position),
                        xytext=(3, 0), textcoords="offset points", va="center", fontsize="x-small")
        ax.axvline(100, color="#5b6776", linewidth=0.8, linestyle="--")
        ax.set_xlim(0, ACHIEVEMENT_AXIS_MAX + 15)
        ax.set_yticks(positions, labels, fontsize="x-small")
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: format_percent(value, lang=language, decimals=0)))
        ax.set_title(_("Indicator achievement against the year's target"), loc="left", fontsize="medium")
        return png_of(fig, ax)
