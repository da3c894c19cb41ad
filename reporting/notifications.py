"""E-mails about partner reports, each written in the language of its recipient."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import translation
from django.utils.translation import gettext as _

from partnerships.models import Membership, Role, User

if TYPE_CHECKING:
    from reporting.models import PartnerReport

SUBJECTS = {
    "submitted": lambda report: _("Report %(report)s submitted") % {"report": report},
    "returned": lambda report: _("Report %(report)s returned with comments") % {"report": report},
    "approved": lambda report: _("Report %(report)s approved") % {"report": report},
}
BODIES = {
    "submitted": lambda report: (
        _("The partner submitted its report %(report)s. It waits for your review.") % {"report": report}
    ),
    "returned": lambda report: (
        _("The programme team returned your report %(report)s with comments. Please complete it and submit it again.")
        % {"report": report}
    ),
    "approved": lambda report: _("The programme team approved your report %(report)s. Thank you.") % {"report": report},
}


def recipients_for(report: PartnerReport, status: str) -> list[User]:
    """The programme team hears of submissions; the partner's reporters of returns and approvals."""
    if status == "submitted":
        users = User.objects.filter(
            memberships__role=Role.PROGRAMME_MANAGER, memberships__partnership__isnull=True, is_active=True
        )
    else:
        users = User.objects.filter(
            pk__in=Membership.objects.filter(partnership=report.partnership, role=Role.PARTNER_REPORTER).values(
                "user_id"
            ),
            is_active=True,
        )
    return [user for user in users.distinct() if user.email]


def send_notification(report: PartnerReport, status: str, link: str) -> int:
    """Send one e-mail per recipient, in the recipient's own language."""
    messages = []
    for user in recipients_for(report, status):
        with translation.override(user.language):
            body = f"{BODIES[status](report)}\n\n{link}"
            messages.append((SUBJECTS[status](report), body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    send_mass_mail(messages, fail_silently=False)
    return len(messages)
