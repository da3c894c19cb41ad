"""Demo progress reports 2022-2026 in the partners' languages, at every step of the workflow.

Annual reports 2022-2024 are approved, 2025 submitted (one returned with comments),
and the first half-year of 2026 is submitted, except one draft still being written.
A report that exists already is left alone, so `load_demo` stays idempotent.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from decimal import Decimal

from django.core.files.base import ContentFile

from grants.demo_files import photo_png, scan_pdf
from partnerships.models import Partnership, Role, User
from reporting.models import (
    EvidenceFile,
    Indicator,
    IndicatorType,
    IndicatorValue,
    PartnerReport,
    ReportEvent,
    ReportPeriod,
    ReportStatus,
    SectionComment,
)

RETURNED_2025 = {"SN-ZEM-SOK"}
DRAFT_2026 = {"BJ-ANZ-PER"}

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


def _plan(code):
    """(year, period, due date, status) of the demo reports of one partnership."""
    yield from ((year, ReportPeriod.YEAR, date(year + 1, 3, 31), ReportStatus.APPROVED) for year in (2022, 2023, 2024))
    yield 2025, ReportPeriod.YEAR, date(2026, 3, 31), (
        ReportStatus.RETURNED if code in RETURNED_2025 else ReportStatus.SUBMITTED
    )
    yield 2026, ReportPeriod.H1, date(2026, 9, 30), (
        ReportStatus.DRAFT if code in DRAFT_2026 else ReportStatus.SUBMITTED
    )


def load_reports():
    """Create the demo reports that do not exist yet."""
    coordinator = User.objects.get(username="coordinator")
    for partnership in Partnership.objects.prefetch_related("partner_municipalities", "sister_association"):
        reporter = User.objects.filter(
            memberships__partnership=partnership, memberships__role=Role.PARTNER_REPORTER
        ).first()
        partner = ", ".join(m.name for m in partnership.partner_municipalities.all()) or partnership.name
        language = partnership.reporting_language if partnership.reporting_language in TEXTS else "fr"
        for year, period, due, status in _plan(partnership.code):
            if PartnerReport.objects.filter(partnership=partnership, year=year, period=period).exists():
                continue
            values = {"year": year, "partner": partner, "villages": 4 + year % 7, "women": 28 + (year - 2022) * 4}
            texts = {section: text.format(**values) for section, text in TEXTS[language].items()}
            if status == ReportStatus.DRAFT:
                texts = {"context": texts["context"]}
            submitted = _at(due.replace(day=min(due.day, 28)))
            report = PartnerReport.objects.create(
                partnership=partnership,
                year=year,
                period=period,
                due_date=due,
                language=language,
                status=status,
                author=reporter,
                submitted_at=None if status == ReportStatus.DRAFT else submitted,
                approved_at=submitted if status == ReportStatus.APPROVED else None,
                **texts,
            )
            events = []
            if status != ReportStatus.DRAFT:
                events.append(ReportEvent(report=report, status_from=ReportStatus.DRAFT, status_to=ReportStatus.SUBMITTED, user=reporter))
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
            if period == ReportPeriod.YEAR:
                _add_values(report)
            if year == 2024:
                _add_evidence(report, reporter, partner)


# Demo achievement against the year's target: some years short of it, some above.
ACHIEVEMENT = (Decimal("0.85"), Decimal("0.95"), Decimal("1.05"))


def _add_values(report):
    for indicator in Indicator.objects.filter(outcome__partnership=report.partnership).prefetch_related("targets"):
        targets = {t.year: t.value for t in indicator.targets.all()}
        goal = targets.get(report.year, indicator.baseline_value or Decimal("0"))
        if indicator.type == IndicatorType.YES_NO:
            value = goal
        else:
            value = (goal * ACHIEVEMENT[report.year % 3]).quantize(Decimal("1"))
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
            report=report, file=ContentFile(data, name=name), caption=caption, content_type=kind, size=len(data), uploaded_by=reporter
        )
