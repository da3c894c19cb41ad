"""Reminders of reports due soon or late, e-mailed to each partner reporter in their language."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import translation
from django.utils.translation import gettext as _

from partnerships.formatting import format_date
from partnerships.models import Membership, Role
from reporting.models import EDITABLE_STATUSES, PartnerReport


def reports_to_remind(today, days_ahead):
    """Reports still being written that are due within `days_ahead` days or already late."""
    return (
        PartnerReport.objects.filter(status__in=EDITABLE_STATUSES, due_date__lte=today + timedelta(days=days_ahead))
        .select_related("partnership")
        .order_by("due_date", "partnership__code")
    )


def reminder_messages(today, days_ahead):
    messages = []
    for report in reports_to_remind(today, days_ahead):
        members = Membership.objects.filter(
            partnership=report.partnership, role=Role.PARTNER_REPORTER, user__is_active=True
        ).select_related("user")
        for user in (m.user for m in members if m.user.email):
            with translation.override(user.language):
                due = format_date(report.due_date)
                if report.due_date < today:
                    subject = _("Report %(report)s is late") % {"report": report}
                    body = _("Your report %(report)s was due on %(due)s. Please submit it as soon as you can.")
                else:
                    subject = _("Report %(report)s is due on %(due)s") % {"report": report, "due": due}
                    body = _("Your report %(report)s is due on %(due)s. What you write is saved as you go.")
                messages.append((subject, body % {"report": report, "due": due}, settings.DEFAULT_FROM_EMAIL, [user.email]))
    return messages


def send_reminders(today, days_ahead):
    messages = reminder_messages(today, days_ahead)
    send_mass_mail(messages, fail_silently=False)
    return len(messages)
