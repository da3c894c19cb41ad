"""Writes of the reporting app that span several rows, each in one transaction."""

from django.db import transaction
from django.utils.translation import gettext as _

from reporting.models import Indicator, IndicatorTarget, Outcome

TRANSLATED_OUTCOME = ("title_en", "title_nl", "title_fr", "title_es")
TRANSLATED_INDICATOR = (
    "name_en", "name_nl", "name_fr", "name_es", "unit_en", "unit_nl", "unit_fr", "unit_es",
)
INDICATOR_FIELDS = ("code", "type", "direction", "baseline_value", "baseline_year", "disaggregation")


class FrameworkRefused(Exception):
    """The framework cannot be changed this way; the message says why, translated."""


@transaction.atomic
def framework_copy(*, source, target):
    """Copy the outcomes, indicators and targets of one partnership to another that has none.

    The copy keeps codes, objectives and every translation, so a template partnership
    can seed a new one; baselines and targets are copied to be adjusted afterwards.
    """
    if source == target:
        raise FrameworkRefused(_("Choose another partnership to copy from."))
    if Outcome.objects.filter(partnership=target).exists():
        raise FrameworkRefused(
            _("%(partnership)s already has outcomes: copy only into a partnership without a framework.")
            % {"partnership": target.code}
        )
    copied = 0
    for outcome in Outcome.objects.filter(partnership=source).prefetch_related("indicators__targets"):
        new_outcome = Outcome.objects.create(
            partnership=target,
            objective_id=outcome.objective_id,
            code=outcome.code,
            sdg_targets=outcome.sdg_targets,
            **{name: getattr(outcome, name) for name in TRANSLATED_OUTCOME},
        )
        for indicator in outcome.indicators.all():
            new_indicator = Indicator.objects.create(
                outcome=new_outcome,
                is_demo=indicator.is_demo,
                **{name: getattr(indicator, name) for name in INDICATOR_FIELDS + TRANSLATED_INDICATOR},
            )
            IndicatorTarget.objects.bulk_create(
                IndicatorTarget(indicator=new_indicator, year=t.year, value=t.value)
                for t in indicator.targets.all()
            )
        copied += 1
    return copied
