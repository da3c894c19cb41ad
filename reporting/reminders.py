"""Reminders e-mailed in each person's language: reports due soon or late to the partner
reporters, expense claims due soon or just late to the Flemish officers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from core.formatting import format_date
from grants.deadlines import claims_to_remind
from partnerships.models import Membership, Partnership, Role, User
from reporting.models import PartnerReport

# An e-mail as send_mass_mail takes it: (subject, body, sender, recipients).
Mail = tuple[str, str, str, list[str]]


def reports_to_remind(today: date, days_ahead: int) -> QuerySet[PartnerReport]:
    """Reports still being written that are due within `days_ahead` days or already late."""
    return (
        PartnerReport.objects.editable()
        .filter(due_date__lte=today + timedelta(days=days_ahead))
        .select_related("partnership")
        .order_by("due_date", "partnership__code")
    )


def reminder_messages(today: date, days_ahead: int) -> list[Mail]:
    messages = []
    reports = list(reports_to_remind(today, days_ahead))
    reporters = defaultdict(list)
    for membership in (
        Membership.objects.filter(
            partnership__in={report.partnership_id for report in reports},
            role=Role.PARTNER_REPORTER,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__pk")
    ):
        reporters[membership.partnership_id].append(membership.user)
    for report in reports:
        for user in (user for user in reporters[report.partnership_id] if user.email):
            with translation.override(user.language):
                due = format_date(report.due_date)
                if report.due_date < today:
                    subject = _("Report %(report)s is late") % {"report": report}
                    body = _("Your report %(report)s was due on %(due)s. Please submit it as soon as you can.")
                else:
                    subject = _("Report %(report)s is due on %(due)s") % {"report": report, "due": due}
                    body = _("Your report %(report)s is due on %(due)s. What you write is saved as you go.")
                messages.append(
                    (subject, body % {"report": report, "due": due}, settings.DEFAULT_FROM_EMAIL, [user.email])
                )
    return messages


def claim_officers(partnerships: Iterable[Partnership]) -> dict[int, list[User]]:
    """Active Flemish officers with an e-mail address, by partnership id, ordered by user id.

    An officer belongs to the partnership, or to its Flemish municipality (and so to all
    of that municipality's partnerships).
    """
    links = Partnership.flemish_municipalities.through.objects.filter(partnership__in=partnerships)
    partnerships_of_municipality = defaultdict(set)
    for partnership_id, municipality_id in links.values_list("partnership_id", "municipality_id"):
        partnerships_of_municipality[municipality_id].add(partnership_id)
    officers = defaultdict(dict)
    for membership in Membership.objects.filter(
        Q(partnership__in=partnerships) | Q(municipality__in=partnerships_of_municipality),
        role=Role.FLEMISH_OFFICER,
        user__is_active=True,
    ).select_related("user"):
        if not membership.user.email:
            continue
        served = (
            {membership.partnership_id}
            if membership.partnership_id
            else partnerships_of_municipality[membership.municipality_id]
        )
        for partnership_id in served:
            officers[partnership_id][membership.user.pk] = membership.user
    return {partnership_id: [users[pk] for pk in sorted(users)] for partnership_id, users in officers.items()}


def claim_reminder_messages(today: date) -> list[Mail]:
    """E-mails to the Flemish officers of claims due in `claim_reminder_days` days or just late."""
    messages = []
    reminders = claims_to_remind(today)
    officers = claim_officers([reminder.partnership for reminder in reminders])
    for reminder in reminders:
        for user in officers.get(reminder.partnership.pk, []):
            with translation.override(user.language):
                values = {"claim": reminder.label, "due": format_date(reminder.deadline)}
                if reminder.late:
                    subject = _("Expense claim %(claim)s is late") % values
                    body = _(
                        "The expense claim %(claim)s was due on %(due)s and is not submitted yet. "
                        "Please submit it to the auditors as soon as you can."
                    )
                else:
                    subject = _("Expense claim %(claim)s is due on %(due)s") % values
                    body = _(
                        "The expense claim %(claim)s is due on %(due)s and is not submitted yet. "
                        "Import the statement of the year's expenses and submit the claim to the auditors before then."
                    )
                messages.append((subject, body % values, settings.DEFAULT_FROM_EMAIL, [user.email]))
    return messages


def send_reminders(today: date, days_ahead: int) -> int:
    messages = reminder_messages(today, days_ahead) + claim_reminder_messages(today)
    send_mass_mail(messages, fail_silently=False)
    return len(messages)
