"""The partners' own words in the annual report, in the report's language where a translation exists.

DESIGN.md section 6: the original is always kept; the report shows the staff's
translation into its language, and otherwise the original marked with its language.
"""

from dataclasses import dataclass

from babel import Locale

from reporting.models import PartnerReport, ReportPeriod
from reporting.selectors import COUNTED_REPORTS

SUMMARY_SECTIONS = ("results", "difficulties")
LESSON_SECTIONS = ("lessons_learned", "next_steps")


@dataclass(frozen=True)
class Passage:
    section: str
    text: str
    # The language of the text when it is not the report's own, to mark it as an original.
    original_language: str = ""


@dataclass(frozen=True)
class Narrative:
    status: str
    passages: tuple

    def of(self, sections):
        return [p for p in self.passages if p.section in sections]


def language_name(code, in_language):
    """The name of a language written in another one, from CLDR (e.g. 'Frans' for fr in nl)."""
    return Locale.parse(in_language).languages.get(code, code)


def passage(report, section, language):
    original = getattr(report, section)
    translation = getattr(report, f"{section}_translation")
    if report.language == language or not (translation or original):
        return Passage(section, original)
    if report.translation_language == language and translation:
        return Passage(section, translation)
    return Passage(section, original, original_language=report.language)


def narratives_of(partnership_codes, year, language):
    """The annual report of each of these partnerships for the year, by partnership code.

    Only reports the partner submitted count; a draft or returned report is named by its status
    without its text, since it may still change.
    """
    reports = PartnerReport.objects.filter(
        year=year, period=ReportPeriod.YEAR, partnership__code__in=partnership_codes
    ).select_related("partnership")
    narratives = {}
    for report in reports:
        passages = ()
        if report.status in COUNTED_REPORTS:
            passages = tuple(
                p for section in SUMMARY_SECTIONS + LESSON_SECTIONS if (p := passage(report, section, language)).text
            )
        narratives[report.partnership.code] = Narrative(status=report.status, passages=passages)
    return narratives
