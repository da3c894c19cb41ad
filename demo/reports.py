"""Demo progress reports 2022-2026 in the partners' languages, at every step of the workflow,
and the programme team's own values of its programme-level indicators.

Annual reports 2022-2024 are approved; of 2025 most are approved, two are still
submitted (under review), one is returned with comments, and the partnerships on hold
have none. The first half-year of 2026 is submitted, except one draft still being
written. The 2026 annual period is open: every active partnership has its 2026 report to
write, an empty draft due at the end of March 2027, as the programme team's "open a
reporting period" leaves it. A report that exists already is left alone, so `load_demo`
stays idempotent.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from demo.documents import photo_png, scan_pdf
from demo.organisations import upsert
from partnerships.models import Partnership, PartnershipStatus, Role, User
from reporting.models import (
    EvidenceFile,
    Indicator,
    IndicatorType,
    IndicatorValue,
    PartnerReport,
    ProgrammeIndicatorValue,
    ReportEvent,
    ReportPeriod,
    ReportStatus,
    SectionComment,
)

RETURNED_2025 = {"SN-ZEM-SOK"}
# Still under review, so the annual report can name the reports it does not use yet.
SUBMITTED_2025 = {"BJ-ANZ-PER", "BJ-MER-TOU"}
DRAFT_2026 = {"BJ-ANZ-PER"}
OPEN_2026_DUE = date(2027, 3, 31)

TEXTS = {
    "fr": {
        "context": "L'année {year} à {partner} a été marquée par la préparation du plan de développement communal et par la saison des pluies, qui a retardé certains travaux.",
        "progress": "Les consultations citoyennes se sont tenues dans {villages} villages ; les femmes représentaient {women} % des participants. Le service des finances de {partner} a mis à jour le fichier des contribuables.",
        "results": "Le conseil communal a adopté le budget après une restitution publique. Les recettes propres ont progressé grâce au recensement des marchés.",
        "difficulties": "Le transfert de la deuxième tranche est arrivé tard et le carburant pour les visites de terrain a coûté plus cher que prévu.",
        "lessons_learned": "Associer les chefs de village dès le début rend les consultations plus fréquentées.",
        "next_steps": "Former les agents de recouvrement et publier le budget simplifié en langue locale.",
    },
    "es": {
        "context": "El año {year} en {partner} estuvo marcado por la actualización del plan de desarrollo y por las lluvias, que retrasaron algunas obras.",
        "progress": "Se realizaron asambleas comunitarias en {villages} comunidades; las mujeres fueron el {women} % de los participantes. La unidad financiera de {partner} actualizó el catastro.",
        "results": "El concejo aprobó el presupuesto participativo tras una rendición de cuentas pública. Los ingresos propios aumentaron con la actualización catastral.",
        "difficulties": "El segundo desembolso llegó tarde y el transporte a las comunidades rurales costó más de lo previsto.",
        "lessons_learned": "Convocar a las lideresas comunitarias desde el inicio aumenta la participación de las mujeres.",
        "next_steps": "Capacitar al personal de recaudación y publicar el presupuesto en lenguaje sencillo.",
    },
    "en": {
        "context": "In {year}, {partner} prepared its district development plan while national elections slowed down some activities.",
        "progress": "Citizen dialogues were held in {villages} sectors; women were {women} % of the participants. The finance unit of {partner} updated its taxpayer register.",
        "results": "The council adopted the budget after a public accountability day. Own revenue grew thanks to the updated register.",
        "difficulties": "Staff turnover in the planning unit and late transfers delayed the trainings.",
        "lessons_learned": "Online sessions work well between visits when they are short and prepared together.",
        "next_steps": "Train the new planning staff and publish a citizen version of the budget.",
    },
}
RETURN_COMMENT = "Graag de resultaten per outcome concreter beschrijven, met cijfers van de indicatoren."


def _at(day):
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _status_2025(code):
    if code in RETURNED_2025:
        return ReportStatus.RETURNED
    if code in SUBMITTED_2025:
        return ReportStatus.SUBMITTED
    return ReportStatus.APPROVED


def _plan(partnership):
    """(year, period, due date, status) of the demo reports of one partnership.

    A partnership on hold sent its reports up to 2024 and none since.
    """
    code = partnership.code
    yield from ((year, ReportPeriod.YEAR, date(year + 1, 3, 31), ReportStatus.APPROVED) for year in (2022, 2023, 2024))
    if partnership.status == PartnershipStatus.ON_HOLD:
        return
    yield 2025, ReportPeriod.YEAR, date(2026, 3, 31), _status_2025(code)
    yield (
        2026,
        ReportPeriod.H1,
        date(2026, 9, 30),
        (ReportStatus.DRAFT if code in DRAFT_2026 else ReportStatus.SUBMITTED),
    )
    yield 2026, ReportPeriod.YEAR, OPEN_2026_DUE, ReportStatus.DRAFT


def load_reports():
    """Create the demo reports that do not exist yet."""
    coordinator = User.objects.get(username="coordinator")
    for partnership in Partnership.objects.prefetch_related("partner_municipalities", "sister_association"):
        reporter = User.objects.filter(
            memberships__partnership=partnership, memberships__role=Role.PARTNER_REPORTER
        ).first()
        partner = ", ".join(m.name for m in partnership.partner_municipalities.all()) or partnership.name
        language = partnership.reporting_language if partnership.reporting_language in TEXTS else "fr"
        for year, period, due, status in _plan(partnership):
            if PartnerReport.objects.filter(partnership=partnership, year=year, period=period).exists():
                continue
            values = {"year": year, "partner": partner, "villages": 4 + year % 7, "women": 28 + (year - 2022) * 4}
            texts = {section: text.format(**values) for section, text in TEXTS[language].items()}
            opened = (year, period) == (2026, ReportPeriod.YEAR)
            if opened:
                texts = {}
            elif status == ReportStatus.DRAFT:
                texts = {"context": texts["context"]}
            submitted = _at(due.replace(day=min(due.day, 28)))
            report = PartnerReport.objects.create(
                partnership=partnership,
                year=year,
                period=period,
                due_date=due,
                language=language,
                status=status,
                author=None if opened else reporter,
                submitted_at=None if status == ReportStatus.DRAFT else submitted,
                approved_at=submitted if status == ReportStatus.APPROVED else None,
                **texts,
            )
            events = []
            if status != ReportStatus.DRAFT:
                events.append(
                    ReportEvent(
                        report=report, status_from=ReportStatus.DRAFT, status_to=ReportStatus.SUBMITTED, user=reporter
                    )
                )
            if status in (ReportStatus.APPROVED, ReportStatus.RETURNED):
                events.append(
                    ReportEvent(
                        report=report,
                        status_from=ReportStatus.SUBMITTED,
                        status_to=status,
                        user=coordinator,
                        comment=RETURN_COMMENT if status == ReportStatus.RETURNED else "",
                    )
                )
            for offset, event in enumerate(events):
                event.save()
                # The steps of the demo happened around the due date, not when it was loaded.
                ReportEvent.objects.filter(pk=event.pk).update(at=submitted + timedelta(days=14 * offset))
            if status == ReportStatus.RETURNED:
                SectionComment.objects.create(report=report, section="results", author=coordinator, text=RETURN_COMMENT)
            if period == ReportPeriod.YEAR and not opened:
                _add_values(report)
            if year == 2024:
                _add_evidence(report, reporter, partner)


# How far each partnership got from its baseline towards the year's target: most
# partnerships vary around it, one is clearly behind, one reaches its targets and one
# has not moved from its baseline.
PROGRESS_OF_YEAR = (Decimal("0.80"), Decimal("0.95"), Decimal("1.05"))
PROGRESS_OF = {"SN-SNI-TAM": Decimal("0.35"), "EC-BIE-SFO": Decimal("1.10"), "NI-MOL-STO": Decimal("0")}
BEHIND, ACHIEVED, AT_BASELINE = "SN-SNI-TAM", "EC-BIE-SFO", "NI-MOL-STO"


def _add_values(report):
    """Values between the baseline and the year's target, so none lies below the baseline."""
    progress = PROGRESS_OF.get(report.partnership.code, PROGRESS_OF_YEAR[report.year % 3])
    for indicator in Indicator.objects.filter(outcome__partnership=report.partnership).prefetch_related("targets"):
        baseline = indicator.baseline_value or Decimal("0")
        goal = {t.year: t.value for t in indicator.targets.all()}.get(report.year, baseline)
        if indicator.type == IndicatorType.YES_NO:
            value = goal if progress >= Decimal("0.9") else baseline
        else:
            value = (baseline + (goal - baseline) * progress).quantize(Decimal("1"))
            if indicator.type == IndicatorType.PERCENTAGE:
                value = min(value, Decimal("100"))
        women = men = None
        if indicator.disaggregation and indicator.type == IndicatorType.NUMBER:
            women = (value * Decimal("0.52")).quantize(Decimal("1"))
            men = value - women
        IndicatorValue.objects.create(report=report, indicator=indicator, value=value, value_women=women, value_men=men)


def _add_evidence(report, reporter, partner):
    photo = photo_png(width=320, height=240, seed=report.pk)
    sheet = scan_pdf(f"{partner} {report.year}", ["Liste de présence / Lista de asistencia / Attendance list"])
    for name, data, kind, caption in (
        (f"atelier-{report.pk}.png", photo, "image/png", f"{partner} {report.year}"),
        (f"presence-{report.pk}.pdf", sheet, "application/pdf", "Liste de présence"),
    ):
        EvidenceFile.objects.create(
            report=report,
            file=ContentFile(data, name=name),
            caption=caption,
            content_type=kind,
            size=len(data),
            uploaded_by=reporter,
        )


# The team's values of its programme-level indicators (demo_frameworks.PROGRAMME), 2022-2025:
# (value, women, men) or a text for the qualitative one. P1.1.1, P2.1.1, P3.2.1, P4.1.1,
# P4.3.1 and P4.3.2 reach their 2025 targets; P1.1.2 stays just below hers, P1.2.1 and
# P4.2.1 are behind (two of the four SDG partnerships are on hold).
PROGRAMME_VALUES = {
    "P1.1.1": {2022: "5", 2023: "9", 2024: "13", 2025: "15"},
    # Of 17 partnerships: 10, 12, 14 and 15 reported on time (the two on hold sent no 2025 report).
    "P1.1.2": {2022: "59", 2023: "71", 2024: "82", 2025: "88"},
    "P1.2.1": {2022: "0", 2023: "4", 2024: "4", 2025: "2"},
    "P2.1.1": {2022: "52", 2023: "70", 2024: "86", 2025: "101"},
    "P3.2.1": {2022: "0", 2023: "0", 2024: "1", 2025: "1"},
    "P4.1.1": {2022: "6", 2023: "7", 2024: "8", 2025: "9"},
    "P4.2.1": {2022: "0", 2023: "1", 2024: "1", 2025: "2"},
    "P4.3.1": {2022: "150", 2023: "172", 2024: "195", 2025: "214"},
    "P4.3.2": {
        2022: ("330", "180", "150"),
        2023: ("362", "201", "161"),
        2024: ("395", "222", "173"),
        2025: ("428", "246", "182"),
    },
}
PROGRAMME_TEXTS = {
    "P2.2.1": {
        2022: "De meeste besturen verwijzen in hun meerjarenplan 2020-2025 naar de SDG's, zelden naar internationale samenwerking.",
        2023: "Een tiental besturen koppelt hun stedenband aan een beleidsdoelstelling over internationale rechtvaardigheid.",
        2024: "In de voorbereiding van de meerjarenplannen 2026-2031 vragen besturen het team om voorbeelden van doelstellingen over internationale solidariteit.",
        2025: "Een groot deel van de nieuwe meerjarenplannen 2026-2031 neemt internationale samenwerking op als actie onder een SDG-doelstelling; enkele besturen schrappen hun budget ervoor.",
    },
}
# (indicator code, year): title of the demo evidence file.
PROGRAMME_EVIDENCE = {
    ("P1.1.1", 2025): "Overzicht meerjarenplannen en M&E-plannen 2025",
    ("P3.2.1", 2024): "Meerlagig actieplan ANCB - RALGA - VVSG",
    ("P4.3.1", 2025): "Deelnemerslijsten vormingen 2025",
}


def load_programme_values(programme):
    """Enter the team's demo values of its programme-level indicators, with evidence on a few."""
    coordinator = User.objects.get(username="coordinator")
    by_code = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(
            outcome__partnership__isnull=True, outcome__objective__programme=programme
        )
    }
    entries = [
        (
            code,
            year,
            {"value": Decimal(v[0]), "value_women": Decimal(v[1]), "value_men": Decimal(v[2])}
            if isinstance(v, tuple)
            else {"value": Decimal(v)},
        )
        for code, years in PROGRAMME_VALUES.items()
        for year, v in years.items()
    ]
    # The coordinator writes the team's answers in Dutch.
    entries += [
        (code, year, {"text": text, "text_language": "nl"})
        for code, years in PROGRAMME_TEXTS.items()
        for year, text in years.items()
    ]
    for code, year, values in entries:
        row, _changed = upsert(
            ProgrammeIndicatorValue,
            {"indicator": by_code[code], "year": year},
            {**values, "entered_by": coordinator, "is_demo": True},
        )
        title = PROGRAMME_EVIDENCE.get((code, year))
        if title and not row.evidence:
            data = scan_pdf(title, [f"{programme.code} {code} {year}", "Demo"])
            row.evidence = ContentFile(data, name=f"{code}-{year}.pdf")
            row.evidence_type = "application/pdf"
            row.save(update_fields=["evidence", "evidence_type", "entered_at"])
