"""Charts of indicators (matplotlib, Agg), returned as PNG bytes; floats only for plotting."""

from matplotlib.ticker import FuncFormatter

from grants.charts import png_of, print_chart
from partnerships.formatting import format_number


def indicator_png(indicator, labels, actuals=()):
    """Draw the baseline, the targets and the reported values of an indicator over the years."""
    with print_chart((6, 3)) as (fig, ax):
        targets = list(indicator.targets.all())
        if indicator.baseline_value is not None and indicator.baseline_year:
            ax.plot(
                [indicator.baseline_year], [float(indicator.baseline_value)], "o",
                color="#5b6776", label=labels["baseline"],
            )
        if targets:
            ax.plot(
                [t.year for t in targets], [float(t.value) for t in targets], "s--",
                color="#2f6f8f", label=labels["targets"],
            )
        if actuals:
            ax.plot(
                [year for year, _ in actuals], [float(value) for _, value in actuals], "o-",
                color="#e0a458", label=labels["actuals"],
            )
        ax.set_title(labels["title"], fontsize="medium", loc="left")
        ax.set_ylabel(indicator.unit)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: format_number(value, decimals=0)))
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(frameon=False, fontsize="small")
        return png_of(fig, ax)
