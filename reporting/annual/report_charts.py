"""Step two of the annual report: charts (matplotlib, Agg) as PNG bytes, in the report's language.

The dashboard of the programme team draws the same charts from the same frames.
Floats appear only here, for plotting; labels and amounts go through babel.
"""

import textwrap

from django.utils import translation
from django.utils.translation import gettext as _
from matplotlib.ticker import FuncFormatter, MaxNLocator

from core.formatting import format_money, format_percent
from core.names import country_name
from core.print_charts import MIN_FONT_PT, chart_title, finish, png_of, print_chart

BUDGET_COLOUR = "#c9d3df"
ACCEPTED_COLOUR = "#2f6f8f"
STATUS_COLOURS = {"achieved": "#3c8d5a", "on_track": "#2f6f8f", "behind": "#c0533a", "no_progress": "#8e2c1c"}
NEUTRAL = "#9aa5b1"
# Room above the highest bar for the legend.
LEGEND_HEADROOM = 1.3
# Bars of indicators far beyond their target, or far behind their baseline, are cut here
# so that the others stay readable; the label keeps the true figure.
PROGRESS_AXIS_MAX = 150
PROGRESS_AXIS_MIN = -50


def _euro_axis(ax, axis, language):
    formatter = FuncFormatter(lambda value, _pos: format_money(value, "EUR", lang=language, whole=True))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


def execution_by_year_figure(years, language):
    """Budget against accepted expenses per programme year, with the execution rate on each year."""
    with translation.override(language), print_chart((7, 3.2)) as (fig, ax):
        positions = list(range(len(years)))
        width = 0.38
        ax.bar(
            [p - width / 2 for p in positions],
            [float(v) for v in years["budget_eur"]],
            width,
            color=BUDGET_COLOUR,
            label=_("Budget"),
        )
        ax.bar(
            [p + width / 2 for p in positions],
            [float(v) for v in years["accepted_eur"]],
            width,
            color=ACCEPTED_COLOUR,
            label=_("Accepted expenses"),
        )
        for position, accepted, pct in zip(positions, years["accepted_eur"], years["execution_pct"]):
            if pct is not None:
                ax.annotate(
                    format_percent(pct, lang=language),
                    (position + width / 2, float(accepted)),
                    ha="center",
                    va="bottom",
                    fontsize=MIN_FONT_PT,
                )
        ax.set_xticks(positions, [str(year) for year in years["year"]])
        ax.set_ylim(0, max([float(v) for v in years["budget_eur"]] + [1.0]) * LEGEND_HEADROOM)
        chart_title(fig, _("Execution per year (EUR)"))
        _euro_axis(ax, "y", language)
        ax.legend(frameon=False, fontsize=MIN_FONT_PT, loc="upper right")
        return finish(fig, ax)


def execution_by_country_figure(countries, language):
    """Budget against accepted expenses per partner country, for one year."""
    with translation.override(language), print_chart((7, 0.5 + 0.55 * max(len(countries), 1))) as (fig, ax):
        names = [country_name(code) for code in countries["country"]]
        positions = list(range(len(names)))
        ax.barh(
            [p + 0.2 for p in positions],
            [float(v) for v in countries["budget_eur"]],
            0.4,
            color=BUDGET_COLOUR,
            label=_("Budget"),
        )
        ax.barh(
            [p - 0.2 for p in positions],
            [float(v) for v in countries["accepted_eur"]],
            0.4,
            color=ACCEPTED_COLOUR,
            label=_("Accepted expenses"),
        )
        ax.set_yticks(positions, names)
        ax.invert_yaxis()
        ax.xaxis.set_major_locator(MaxNLocator(4))
        chart_title(fig, _("Execution per country (EUR)"))
        _euro_axis(ax, "x", language)
        # Below the axes: inside them it would cover the longest bar.
        ax.legend(frameon=False, fontsize=MIN_FONT_PT, loc="upper left", bbox_to_anchor=(0, -0.12), ncol=2)
        return finish(fig, ax)


def indicator_progress_figure(rows, language):
    """Progress of each indicator from its baseline towards the year's target, in percent.

    `rows` are indicator rows with objective, name, progress_pct and status; those
    without a measurable progress are left out.
    """
    rows = [row for row in rows if row["progress_pct"] is not None]
    with translation.override(language), print_chart((7, 0.9 + 0.5 * max(len(rows), 1))) as (fig, ax):
        labels = [textwrap.shorten(f"{row['objective']} {row['name']}", width=60, placeholder="…") for row in rows]
        values = [max(min(float(row["progress_pct"]), PROGRESS_AXIS_MAX), PROGRESS_AXIS_MIN) for row in rows]
        colours = [STATUS_COLOURS.get(row["status"], NEUTRAL) for row in rows]
        positions = list(range(len(labels)))
        ax.barh(positions, values, color=colours)
        for position, value, row in zip(positions, values, rows):
            ax.annotate(
                format_percent(row["progress_pct"], lang=language, decimals=0),
                (max(value, 0), position),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=MIN_FONT_PT,
            )
        ax.axvline(0, color="#5b6776", linewidth=0.6)
        ax.axvline(100, color="#5b6776", linewidth=0.8, linestyle="--")
        ax.set_xlim(PROGRESS_AXIS_MIN, PROGRESS_AXIS_MAX + 20)
        ax.set_yticks(positions, labels, fontsize=MIN_FONT_PT)
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(
            FuncFormatter(lambda value, _pos: format_percent(value, lang=language, decimals=0))
        )
        chart_title(fig, _("Progress from the baseline towards the target of the year"))
        return finish(fig, ax)


def execution_by_year_png(years, language):
    return png_of(execution_by_year_figure(years, language))


def execution_by_country_png(countries, language):
    return png_of(execution_by_country_figure(countries, language))


def indicator_progress_png(rows, language):
    return png_of(indicator_progress_figure(rows, language))
