"""Money sections of the home and partnership pages (see core.panels)."""

from django.template.loader import render_to_string

from grants import selectors
from partnerships.selectors import partnerships_visible_to


def home_programme_overview(request):
    programme = selectors.programme_current(selectors.programmes_visible_to(request.user))
    if programme is None:
        return ""
    overview = selectors.programme_overview(programme, partnerships_visible_to(request.user))
    return render_to_string("grants/panels/programme_overview.html", overview, request=request)


def partnership_money(request, partnership):
    years = selectors.partnership_money(partnership)
    cofinancing = selectors.partnership_cofinancing(partnership)
    for row in years:
        row["own_contribution"] = cofinancing.get(row["year"])
    return render_to_string(
        "grants/panels/partnership_money.html",
        {"partnership": partnership, "years": years},
        request=request,
    )


def partnership_claims(request, partnership):
    claims = selectors.claims_visible_to(request.user).filter(partnership=partnership).order_by("-year")
    return render_to_string(
        "grants/panels/partnership_claims.html", {"claims": claims, "partnership": partnership}, request=request
    )
