"""Demo reports as the tests name them."""

from reporting.models import PartnerReport


def report_of(code, year, period="year"):
    """The demo report of a partnership for a year: the annual one unless another period is given."""
    return PartnerReport.objects.get(partnership__code=code, year=year, period=period)


def demo_draft():
    """Pèrèrè's first half-year report of 2026: the demo's one draft of a half year."""
    return report_of("BJ-ANZ-PER", 2026, "h1")
