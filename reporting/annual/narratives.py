"""The partners' and the team's own words in the annual report, in the report's language.

Only approved partner reports are quoted: a report that is submitted but not approved
may still change, so the annual report lists it without using it.
"""

from dataclasses import dataclass

from reporting.models import PartnerReport, ReportPeriod, ReportStatus
from reporting.passages import passage_in

OUTCOME_SECTIONS = ("context", "progress", "results")
LESSON_SECTIONS = ("difficulties", "lessons_learned", "next_steps")


@dataclass(frozen=True)
class Narrative:
    status: str
    passages: tuple

    @property
    def is_used(self):
        return self.status == ReportStatus.APPROVED

    def of(self, sections):
        return [p for p in self.passages if p.section in sections]


def passage(report, section, language):
    return passage_in(
        section,
        language,
        getattr(report, section),
        report.language,
        getattr(report, f"{section}_translation"),
        report.translation_language,
    )


def narratives_of(partnership_codes, year, language):
    """The annual report of each of these partnerships for the year, by partnership code.

    A report that is not approved is named by its status, without its text.
    """
    reports = PartnerReport.objects.filter(
        year=year, period=ReportPeriod.YEAR, partnership__code__in=partnership_codes
    ).select_related("partnership")
    narratives = {}
    for report in reports:
        passages = ()
        if report.status == ReportStatus.APPROVED:
            passages = tuple(
                p for section in OUTCOME_SECTIONS + LESSON_SECTIONS if (p := passage(report, section, language)).text
            )
        narratives[report.partnership.code] = Narrative(status=report.status, passages=passages)
    return narratives
