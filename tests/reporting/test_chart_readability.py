"""Charts read in print: yes/no answers as counts, titles wrapped, no text under 9 pt, nothing clipped.

Checked on the matplotlib objects once drawn, not on pixels.
"""

from decimal import Decimal
from types import SimpleNamespace

import pandas as pd
import pytest
from django.utils import translation
from matplotlib.text import Text

from grants.budget_plan_chart import MIN_FONT_PT, budget_plan_figure, png_of
from reporting.annual.report_charts import (
    execution_by_country_figure,
    execution_by_year_figure,
    indicator_progress_figure,
)
from reporting.indicator_charts import indicator_figure
from reporting.models import Indicator, IndicatorType
from reporting.selectors import indicator_actuals

LONG_TITLE = (
    "O1.1 Participatory budget or local development plan adopted with citizen consultation, "
    "published in every district and discussed in public hearings with women's and youth groups"
)


def drawn(fig):
    fig.canvas.draw()
    return fig


def texts_of(fig):
    return [text for text in fig.findobj(Text) if text.get_visible() and text.get_text().strip()]


def drawn_texts(fig):
    """What the figure shows in words: tick labels only of ticks within the axes' limits, legends whole."""
    texts = [fig._suptitle] if fig._suptitle else []
    for ax in fig.axes:
        for axis, limits in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            low, high = sorted(limits)
            texts += [tick.label1 for tick in axis.get_major_ticks() if low - 1e-9 <= tick.get_loc() <= high + 1e-9]
            texts.append(axis.label)
        texts += [ax.title, *ax.texts]
    shown = [text for text in texts if text.get_visible() and text.get_text().strip()]
    return shown + [ax.get_legend() for ax in fig.axes if ax.get_legend()]


def labels_for(title):
    return {"baseline": "Baseline", "targets": "Targets", "actuals": "Reported", "title": title}


def yes_no_indicator():
    return (
        Indicator.objects.filter(type=IndicatorType.YES_NO, outcome__partnership__isnull=False)
        .prefetch_related("targets")
        .order_by("pk")
        .first()
    )


def every_chart():
    years = pd.DataFrame(
        {
            "year": [2022, 2023, 2024],
            "budget_eur": [Decimal("1200000"), Decimal("1300000"), Decimal("1250000")],
            "accepted_eur": [Decimal("900000"), Decimal("1100000"), Decimal("1000000")],
            "execution_pct": [Decimal("75.0"), Decimal("84.6"), None],
        }
    )
    countries = pd.DataFrame(
        {
            "country": ["BJ", "SN", "EC"],
            "budget_eur": [Decimal("400000"), Decimal("300000"), Decimal("250000")],
            "accepted_eur": [Decimal("350000"), Decimal("200000"), Decimal("240000")],
        }
    )
    rows = [
        {
            "objective": "O1",
            "name": "Citizens consulted on the budget of the municipality",
            "progress_pct": Decimal("80"),
            "status": "on_track",
        },
        {"objective": "O2", "name": "Own revenue collected", "progress_pct": Decimal("-20"), "status": "behind"},
    ]
    table = {
        "years": [
            SimpleNamespace(year=year, amounts={"operational": Decimal("1000"), "management": Decimal("80")})
            for year in (2022, 2023)
        ],
        "categories": [("operational", "Operational costs"), ("management", "Management costs")],
    }
    return {
        "execution by year": execution_by_year_figure(years, "fr"),
        "execution by country": execution_by_country_figure(countries, "fr"),
        "indicator progress": indicator_progress_figure(rows, "fr"),
        "budget plan": budget_plan_figure(table, LONG_TITLE),
    }


@pytest.mark.django_db
def test_a_yes_no_indicator_is_charted_as_partnerships_answering_yes_or_no():
    indicator = yes_no_indicator()
    actuals = [(2024, Decimal("0")), (2025, Decimal("1"))]

    with translation.override("fr"):
        fig = drawn(indicator_figure(indicator, labels_for(indicator.name), actuals))
        yes, no = translation.gettext("Yes"), translation.gettext("No")
    ax = fig.axes[0]

    ticks = [label.get_text() for label in ax.get_yticklabels() if label.get_text()]
    assert ticks == ["0", "1"]
    assert {yes, no} <= {text.get_text() for text in ax.get_legend().get_texts()}
    per_year = {}
    for bar in ax.patches:
        per_year.setdefault(round(bar.get_x() + bar.get_width() / 2), []).append(bar.get_height())
    assert {2024, 2025} <= set(per_year)
    assert all(sorted(heights) == [0, 1] for heights in per_year.values())


@pytest.mark.django_db
def test_a_number_indicator_keeps_its_number_axis():
    indicator = Indicator.objects.filter(type=IndicatorType.NUMBER, outcome__partnership__isnull=False).first()

    fig = drawn(indicator_figure(indicator, labels_for(indicator.name), indicator_actuals(indicator)))

    assert fig.axes[0].get_legend() is None or "Yes" not in [t.get_text() for t in fig.axes[0].get_legend().get_texts()]


@pytest.mark.django_db
def test_a_long_indicator_title_is_wrapped_within_the_figure():
    indicator = yes_no_indicator()

    fig = drawn(indicator_figure(indicator, labels_for(LONG_TITLE), []))

    title = fig._suptitle
    assert title.get_text().replace("\n", " ") == LONG_TITLE
    assert title.get_text().count("\n") >= 1
    extent = title.get_window_extent()
    assert fig.bbox.x0 <= extent.x0 and extent.x1 <= fig.bbox.x1 and extent.y1 <= fig.bbox.y1


@pytest.mark.django_db
def test_no_text_of_an_indicator_chart_is_under_nine_points():
    indicator = yes_no_indicator()

    fig = drawn(indicator_figure(indicator, labels_for(LONG_TITLE), [(2025, Decimal("1"))]))

    assert MIN_FONT_PT >= 9
    assert min(text.get_fontsize() for text in texts_of(fig)) >= 9


@pytest.mark.parametrize("name", ["execution by year", "execution by country", "indicator progress", "budget plan"])
def test_no_text_of_a_programme_chart_is_under_nine_points_nor_outside_the_saved_image(name):
    fig = drawn(every_chart()[name])

    texts = texts_of(fig)
    assert texts
    assert min(text.get_fontsize() for text in texts) >= 9
    for artist in drawn_texts(fig):
        box = artist.get_window_extent()
        assert fig.bbox.x0 - 1 <= box.x0 and box.x1 <= fig.bbox.x1 + 1, artist
        assert fig.bbox.y0 - 1 <= box.y0 and box.y1 <= fig.bbox.y1 + 1, artist
    assert png_of(fig).startswith(b"\x89PNG")


def test_a_long_budget_title_is_wrapped_not_cut():
    fig = drawn(every_chart()["budget plan"])

    title = fig._suptitle.get_text()
    assert title.replace("\n", " ") == LONG_TITLE and "\n" in title
    extent = fig._suptitle.get_window_extent()
    assert extent.x1 <= fig.bbox.x1 and extent.y1 <= fig.bbox.y1
