"""ACTIVITY: a line that names the partnership's outcome it serves names one that exists."""

from grants.eligibility.message_ids import gettext_noop
from grants.eligibility.rules.base import Rule, compact


class ActivityRule(Rule):
    """Ask about an activity code that is not one of the partnership's outcome codes.

    The link is optional: a line without a code passes. Codes are compared without case,
    spaces or punctuation ("r 1." is "R1"). A claim without outcome codes (the association's
    own claims) has nothing to check a code against, so a code given there passes.
    """

    code = "ACTIVITY"
    UNKNOWN = gettext_noop("The activity %(activity)s is not an outcome of the partnership: give one of %(codes)s.")

    def judge(self, lines, claim, params):
        known = {compact(code) for code in claim.activity_codes}
        for line in lines:
            activity = compact(line.invoice.activity)
            if activity and known and activity not in known:
                yield self.needs_info(
                    line,
                    self.UNKNOWN,
                    activity=line.invoice.activity.strip(),
                    codes=", ".join(sorted(claim.activity_codes)),
                )
