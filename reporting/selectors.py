"""Read queries of the reporting app, scoped through partnerships.selectors."""

from django.db.models import Count, Prefetch, Q

from partnerships.selectors import is_programme_team, partnerships_visible_to
from reporting.models import Indicator, IndicatorTarget, Objective, ObjectiveLevel, Outcome


def can_change_framework(user, partnership):
    if is_programme_team(user):
        return True, ""
    return False, "Only the programme team changes results frameworks."


def partnership_framework(partnership):
    """Return the outcomes of a partnership with their objective, indicators and targets."""
    indicators = Indicator.objects.prefetch_related(
        Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year"))
    ).order_by("code")
    return list(
        Outcome.objects.filter(partnership=partnership)
        .select_related("objective__parent")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
        .order_by("code")
    )


def objective_tree(user):
    """Return the strategic objectives with their specific ones and how many visible outcomes each has."""
    visible = partnerships_visible_to(user)
    specific = (
        Objective.objects.filter(level=ObjectiveLevel.SPECIFIC)
        .annotate(outcome_count=Count("outcomes", filter=_outcomes_in(visible)))
        .order_by("code")
    )
    return list(
        Objective.objects.filter(level=ObjectiveLevel.STRATEGIC)
        .prefetch_related(Prefetch("children", queryset=specific))
        .order_by("code")
    )


def _outcomes_in(partnerships):
    return Q(outcomes__partnership__in=partnerships)


def objective_indicators(user, objective):
    """Return every indicator of the outcomes under one specific objective, in visible partnerships."""
    return list(
        Indicator.objects.filter(
            outcome__objective=objective, outcome__partnership__in=partnerships_visible_to(user)
        )
        .select_related("outcome__partnership")
        .prefetch_related(Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year")))
        .order_by("outcome__partnership__code", "code")
    )
