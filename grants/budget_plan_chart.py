"""The budget plan's chart: yearly amounts per cost category, in the house style (core.print_charts)."""

from matplotlib.ticker import FuncFormatter

from core.formatting import format_money
from core.print_charts import MIN_FONT_PT, chart_title, finish, png_of, print_chart

CATEGORY_COLOURS = {"administration": "#7a8ca3", "management": "#e0a458", "operational": "#2f6f8f"}


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
