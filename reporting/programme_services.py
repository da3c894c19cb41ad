"""Writes of the programme team's own results and narrative, each in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from reporting.models import Indicator, NarrativeSection, ProgrammeIndicatorValue, ProgrammeNarrative
from reporting.services import FrameworkRefused

if TYPE_CHECKING:
    from django.core.files.base import ContentFile

    from grants.models import Programme
    from partnerships.models import User

NARRATIVE_FIELDS = ("language", "text", "translation_nl", "translation_fr", "translation_es", "translation_en")


@transaction.atomic
def programme_value_save(
    *,
    indicator: Indicator,
    year: int,
    user: User,
    value: Decimal | None,
    women: Decimal | None = None,
    men: Decimal | None = None,
    text: str = "",
    comment: str = "",
    evidence: tuple[ContentFile, str] | None = None,
) -> ProgrammeIndicatorValue:
    """Keep the team's value of a programme-level indicator for a year, replacing an earlier one.

    `value`, `women`, `men` and `text` are already checked (ProgrammeValueForm);
    `evidence` is (file, content type) from reporting.evidence.checked_evidence, or None
    to keep the evidence the year's value has.
    """
    if not indicator.is_programme_level:
        raise FrameworkRefused(_("Only indicators of the programme team's outcomes take a programme value."))
    row, _created = ProgrammeIndicatorValue.objects.select_for_update().get_or_create(indicator=indicator, year=year)
    row.value, row.value_women, row.value_men = value, women, men
    row.text, row.comment, row.entered_by = text, comment.strip(), user
    row.text_language = user.language if text else ""
    row.is_demo = False
    if evidence is not None:
        row.evidence, row.evidence_type = evidence
    row.save()
    return row


@transaction.atomic
def programme_narrative_save(
    *, programme: Programme, year: int, user: User, sections: Mapping[NarrativeSection, Mapping[str, Any]]
) -> int:
    """Save the sections of the team's narrative for a year; return how many changed.

    `sections` maps a NarrativeSection to the cleaned fields of its form. A section
    never written and left empty is not created; one that changes keeps its history.
    """
    changed = 0
    for section, fields in sections.items():
        NarrativeSection(section)
        values = {name: (fields.get(name) or "").strip() for name in NARRATIVE_FIELDS}
        existing = ProgrammeNarrative.objects.filter(programme=programme, year=year, section=section).first()
        if existing is None:
            if not any(values[name] for name in NARRATIVE_FIELDS if name != "language"):
                continue
            existing = ProgrammeNarrative(programme=programme, year=year, section=section)
        elif all(getattr(existing, name) == value for name, value in values.items()):
            continue
        for name, value in values.items():
            setattr(existing, name, value)
        existing.updated_by, existing.is_demo = user, False
        existing.save()
        changed += 1
    return changed
