"""The claim submission deadline: when a year's expense claim is due, and whether it came in time.

A claim of year Y is due on a day of Y+1 (30 April by default; Programme.claim_deadline_month
and claim_deadline_day). It is not an eligibility rule: a late claim is still audited, the
claim pages only say it was late, and `send_reminders` warns the Flemish officers before.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from grants.eligibility.rules.period import day_of_next_year
from grants.models import ClaimStatus, ExpenseClaim, Programme
from partnerships.models import Partnership


class Timeliness:
    ON_TIME = "on_time"  # submitted on or before the deadline
    LATE = "late"  # submitted after it
    DUE = "due"  # not submitted, the deadline is still ahead (or today)
    OVERDUE = "overdue"  # not submitted, the deadline has passed


@dataclass(frozen=True)
class ClaimTimeliness:
    deadline: date
    status: str | None  # a Timeliness value; None: submitted, but when is not recorded


@dataclass(frozen=True)
class ClaimReminder:
    """A partnership's claim of `year`, not submitted: due on `deadline`, or `late` already."""

    partnership: Partnership
    year: int
    deadline: date
    late: bool

    @property
    def label(self):
        return f"{self.partnership.code}/{self.year}"


def claim_deadline(year, programme):
    """Return the day the claim of `year` is due: by default 30 April of the next year."""
    return day_of_next_year(year, programme.claim_deadline_month, programme.claim_deadline_day)


def claim_timeliness(claim, today):
    """Tell whether a partnership's claim was submitted on time, or is still due or overdue.

    The association's own claims are not submitted by a municipality: they have no deadline
    (None). `claim.programme` should be loaded with the claim (select_related).
    """
    if claim.partnership_id is None:
        return None
    deadline = claim_deadline(claim.year, claim.programme)
    if claim.submitted_at is not None:
        submitted_on = timezone.localdate(claim.submitted_at)
        return ClaimTimeliness(deadline, Timeliness.ON_TIME if submitted_on <= deadline else Timeliness.LATE)
    if claim.status != ClaimStatus.DRAFT:
        return ClaimTimeliness(deadline, None)
    return ClaimTimeliness(deadline, Timeliness.DUE if today <= deadline else Timeliness.OVERDUE)


def claims_to_remind(today):
    """The claims to remind the Flemish officers of today, by deadline and partnership.

    A partnership owes a claim for every year it has an allocation of the programme. It is
    reminded on the day `claim_reminder_days` before the deadline and once on the day after
    it, while the claim does not exist or is still a draft. What a day sends depends on that
    day and the claims only: a daily run sends each reminder once.
    """
    reminders = []
    for programme in Programme.objects.order_by("code"):
        # The deadline of year Y falls in Y+1; a reminder 120 days before it may fall in Y,
        # the day after a 31 December deadline in Y+2.
        for year in (today.year - 2, today.year - 1, today.year):
            deadline = claim_deadline(year, programme)
            if today == deadline - timedelta(days=programme.claim_reminder_days):
                late = False
            elif today == deadline + timedelta(days=1):
                late = True
            else:
                continue
            # The association's own claims have no partnership: a NULL in NOT IN would exclude all.
            submitted = ExpenseClaim.objects.filter(programme=programme, year=year, partnership__isnull=False).exclude(
                status=ClaimStatus.DRAFT
            )
            owing = (
                Partnership.objects.filter(allocations__programme=programme, allocations__year=year)
                .exclude(pk__in=submitted.values("partnership"))
                .distinct()
                .order_by("code")
            )
            reminders.extend(ClaimReminder(partnership, year, deadline, late) for partnership in owing)
    return reminders
