"""Charts of indicators (matplotlib, Agg), returned as PNG bytes; floats only for plotting."""

from django.utils.translation import gettext as _
from matplotlib.ticker import FuncFormatter, MaxNLocator

from core.formatting import format_number
from core.print_charts import MIN_FONT_PT, chart_title, finish, png_of, print_chart
from reporting.models import IndicatorType

YES_COLOUR = "#3c8d5a"
NO_COLOUR = "#c0533a"


def indicator_figure(indicator, labels, actuals=()):
    """Draw the baseline, the targets and the reported values of an indicator over the years.

    A yes/no indicator is drawn as the number of partnerships answering yes and no each
    year: its answers are 1 and 0, which a number axis would label "0 0 0 1 1 1".
    """
    if indicator.type == IndicatorType.YES_NO:
        return _yes_no_figure(indicator, labels, actuals)
    with print_chart((6, 3)) as (fig, ax):
        targets = list(indicator.targets.all())
        if indicator.baseline_value is not None and indicator.baseline_year:
            ax.plot(
                [indicator.baseline_year],
                [float(indicator.baseline_value)],
                "o",
                color="#5b6776",
                label=labels["baseline"],
            )
        if targets:
            ax.plot(
                [t.year for t in targets],
                [float(t.value) for t in targets],
                "s--",
                color="#2f6f8f",
                label=labels["targets"],
            )
        if actuals:
            ax.plot(
                [year for year, _value in actuals],
                [float(value) for _year, value in actuals],
                "o-",
                color="#e0a458",
                label=labels["actuals"],
            )
        chart_title(fig, labels["title"])
        ax.set_ylabel(indicator.unit)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: format_number(value, decimals=0)))
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(frameon=False, fontsize=MIN_FONT_PT)
        return finish(fig, ax)


def _yes_no_figure(indicator, labels, actuals):
    answers = dict(actuals)
    if indicator.baseline_value is not None and indicator.baseline_year:
        answers.setdefault(indicator.baseline_year, indicator.baseline_value)
    years = sorted(answers)
    yes = [1 if answers[year] else 0 for year in years]
    no = [1 - count for count in yes]
    with print_chart((6, 3)) as (fig, ax):
        ax.bar(years, yes, color=YES_COLOUR, label=_("Yes"))
        ax.bar(years, no, bottom=yes, color=NO_COLOUR, label=_("No"))
        targets = list(indicator.targets.all())
        if targets:
            ax.plot(
                [t.year for t in targets],
                [float(t.value) for t in targets],
                "s--",
                color="#2f6f8f",
                label=labels["targets"],
            )
        chart_title(fig, labels["title"])
        ax.set_ylabel(_("Partnerships"))
        most = max([1, *(y + n for y, n in zip(yes, no))])
        # Headroom above the bars for the legend; ticks only on whole partnerships.
        ax.set_ylim(0, most * 1.6)
        ax.set_yticks(range(most + 1), [format_number(count) for count in range(most + 1)])
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(frameon=False, fontsize=MIN_FONT_PT, loc="upper left", ncol=3)
        return finish(fig, ax)


def indicator_png(indicator, labels, actuals=()):
    return png_of(indicator_figure(indicator, labels, actuals))
