"""The programme's IATI 2.03 activity file, built from read queries.

Structure: one activity for the programme (hierarchy 1) and one child activity per
partnership (hierarchy 2), linked both ways with related-activity.

Each euro is reported once, by the organisation that moves it (IATI consumers add up
every transaction of a publisher):
- programme activity: the funder's subsidy as incoming funds (1), the partnership
  agreements as outgoing commitments (2) to the municipality or association the
  association pays, and as expenditure (4) only what the association spends itself:
  its audited claims on its head-office budget lines. Its budgets are the programme's
  whole yearly budget (every budget line, the association's own included).
- partnership activity: the tranches the association itself pays, as disbursements (3),
  with the allocations as budgets and the outcomes as results. The Flemish municipality
  passing money on to its partner, and the expenses the municipalities account for in
  their claims, are the municipalities' own transactions: counting them as well would
  report the same money twice (the association's disbursement and again its use).

Organisations carry their registry identifier (@ref) where it is recorded
(partnerships.Municipality / SisterAssociation.org_identifier), and are named only
where none is. Element order follows the xsd sequences of iati-activities-schema.xsd
(2.03); the schema rejects any other order. The data is read with a constant number of
queries, whatever the number of partnerships.
"""

import functools
import re
import xml.etree.ElementTree as ET  # nosec B405 # only builds and writes XML, never parses any
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from babel import numbers
from django.conf import settings
from django.db.models import Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from core.names import country_name
from core.printable import printable_text
from grants.models import (
    Allocation,
    BudgetLineAmount,
    ExpenseClaim,
    Subsidy,
    SubsidySource,
    Tranche,
    TrancheLeg,
)
from partnerships.models import Partnership, PartnershipKind, PartnershipStatus
from reporting.models import (
    Direction,
    Indicator,
    IndicatorTarget,
    IndicatorType,
    Objective,
    ObjectiveLevel,
    Outcome,
    ReportStatus,
)
from reporting.selectors import reported_values

IATI_VERSION = "2.03"
XML_DECLARATION = b"<?xml version='1.0' encoding='utf-8'?>\n"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SOURCE_LANGUAGE = "en"
CURRENCY = "EUR"
CENT = Decimal("0.01")
HUNDRED = Decimal("100")

# The association's enterprise number 0451.857.573 in the Belgian registry (KBO/BCE),
# the identifier scheme Belgium uses in IATI (domain/dgd_rules.md: confirm before publishing).
ORGANISATION_REF = "BE-BCE_KBO-0451857573"
ORGANISATION_NAMES = {
    "en": "Association of Flemish Cities and Municipalities (VVSG)",
    "nl": "Vereniging van Vlaamse Steden en Gemeenten (VVSG)",
}
ORGANISATION_NAME_SHORT = "VVSG"
ORGANISATION_WEBSITE = "https://www.vvsg.be"

# OrganisationType. The association is a non-profit association (vzw) under private law,
# subsidised as an actor of the non-governmental cooperation (Royal Decree of 11 September
# 2016): an NGO of the donor country (22), not a government body (10, 11, 15) even though
# its members are municipalities. The municipalities on both sides are local governments
# (11). A sister association is the same kind of body in the partner country (24).
TYPE_ASSOCIATION = "22"
TYPE_GOVERNMENT = "10"
TYPE_LOCAL_GOVERNMENT = "11"
TYPE_PARTNER_COUNTRY_NGO = "24"

# The funder as IATI knows it: DGD reports to the OECD DAC as Belgium (2), agency 10.
FUNDERS = {
    "DGD": {
        "ref": "XM-DAC-2-10",
        "names": {
            "en": "Directorate-General for Development Cooperation and Humanitarian Aid (DGD)",
            "nl": "Directie-generaal Ontwikkelingssamenwerking en Humanitaire Hulp (DGD)",
            "fr": "Direction générale Coopération au développement et Aide humanitaire (DGD)",
        },
    },
}

# OrganisationRole
ROLE_FUNDING, ROLE_ACCOUNTABLE, ROLE_EXTENDING, ROLE_IMPLEMENTING = "1", "2", "3", "4"
# ActivityStatus
STATUS_PIPELINE, STATUS_IMPLEMENTATION, STATUS_COMPLETION, STATUS_SUSPENDED = "1", "2", "3", "6"
# ActivityDateType
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
# RelatedActivityType: the type says what the *related* activity is to this one.
RELATED_PARENT, RELATED_CHILD = "1", "2"
# DescriptionType
DESCRIPTION_GENERAL, DESCRIPTION_OBJECTIVES = "1", "2"
# ContactType
CONTACT_GENERAL = "1"
# Sectors (SectorVocabulary 1, DAC 5-digit). The results framework's field is public
# administration (15110); more precisely, a city or SDG partnership strengthens a local
# government's administration (15185, local government administration), and the
# cooperation with a sister association, like the programme as a whole, supports local
# governments and their associations (15112, decentralisation and support to
# subnational government).
SECTOR_VOCABULARY_DAC5 = "1"
SECTOR_LOCAL_GOVERNMENT = "15185"
SECTOR_DECENTRALISATION = "15112"
# TagVocabulary: the SDG targets come from the objectives the activity contributes to
# (reporting.Objective.sdg_targets), their goals from the targets.
TAG_SDG_GOAL, TAG_SDG_TARGET = "2", "3"
SDG_TARGET = re.compile(r"^(\d{1,2})\.([0-9a-z]{1,2})$")
# Policy markers (PolicyMarkerVocabulary 1, OECD DAC CRS): good local governance through
# participation is what the programme is for (PolicySignificance 2, principal objective);
# gender equality is a significant objective (1): the results framework counts women's
# participation and asks partners for figures per sex.
POLICY_VOCABULARY_DAC = "1"
POLICY_MARKERS = (("1", "1"), ("3", "2"))  # (PolicyMarker, PolicySignificance)
# A grant (FinanceType 110) of official development assistance (FlowType 10) to projects
# run by the partners (AidType C01, AidTypeVocabulary 1 = OECD DAC); the municipalities
# buy where they like, so the aid is untied (TiedStatus 5).
FLOW_ODA = "10"
FINANCE_GRANT = "110"
AID_PROJECT = "C01"
AID_TYPE_VOCABULARY_DAC = "1"
TIED_UNTIED = "5"
# BudgetType 1 original; BudgetStatus 2 committed: budget lines are agreed with the funder,
# allocations in the partnerships' financial agreements.
BUDGET_ORIGINAL = "1"
BUDGET_COMMITTED = "2"
# TransactionType
INCOMING_FUNDS = "1"
OUTGOING_COMMITMENT = "2"
DISBURSEMENT = "3"
EXPENDITURE = "4"
# ResultType
RESULT_OUTCOME = "2"
# IndicatorMeasure per indicator type: a yes/no is a nominal scale (0 no, 1 yes).
MEASURES = {
    IndicatorType.NUMBER: "1",
    IndicatorType.PERCENTAGE: "2",
    IndicatorType.YES_NO: "3",
    IndicatorType.SCALE: "4",
    IndicatorType.QUALITATIVE: "5",
}
ASCENDING = {Direction.INCREASE: "1", Direction.DECREASE: "0"}
# Only values the team approved are published; submitted ones may still be returned.
PUBLISHED_REPORTS = (ReportStatus.APPROVED,)

PROGRAMME_DESCRIPTION = gettext_noop(
    # Translators: description of the programme activity in the IATI file.
    "Programme %(programme)s (%(start)s-%(end)s), funded by %(funder)s: Flemish local governments "
    "and local governments of %(countries)s, or their national associations, work together to "
    "strengthen local governance (SDG 16 and 11). The association coordinates the partnerships "
    "and carries out its own activities in Belgium and for the network."
)
OBJECTIVES_DESCRIPTION = gettext_noop(
    # Translators: objectives description of an activity in the IATI file; objectives are e.g.
    # "SD2.3 The governance capacity ...; SD3.1 Associations ...".
    "Specific objectives: %(objectives)s"
)
PARTNERSHIP_TITLES = {
    # Translators: title of a partnership activity in the IATI file; name is e.g. "Anzegem – Pèrèrè".
    PartnershipKind.CITY: gettext_noop("City partnership %(name)s"),
    # Translators: title of a partnership activity in the IATI file; name is e.g. "Herzele – Karongi".
    PartnershipKind.SDG: gettext_noop("SDG partnership %(name)s"),
    # Translators: title of a partnership activity in the IATI file; name is e.g. "RALGA – Rwandese Association...".
    PartnershipKind.SISTER_ASSOCIATION: gettext_noop("Cooperation with %(name)s"),
}
MUNICIPAL_DESCRIPTION = gettext_noop(
    # Translators: description of a city or SDG partnership activity in the IATI file.
    "Partnership between %(flemish)s (Belgium) and %(partner)s (%(country)s) to strengthen "
    "local governance, in programme %(programme)s."
)
ASSOCIATION_DESCRIPTION = gettext_noop(
    # Translators: description of the cooperation with a sister association in the IATI file.
    "Cooperation between the association and %(association)s in %(country)s to strengthen "
    "local governments and their association, in programme %(programme)s."
)
TRANCHE_DESCRIPTION = gettext_noop(
    # Translators: description of a transfer in the IATI file; amount is in the currency paid, e.g. "F CFA 30 698 788".
    "Tranche %(number)s of %(year)s from %(provider)s to %(receiver)s: %(amount)s"
)
SUBSIDY_DESCRIPTION = gettext_noop(
    # Translators: description of the funder's subsidy received by the association, in the IATI file.
    "Subsidy of %(year)s for programme %(programme)s from %(funder)s"
)
COMMITMENT_DESCRIPTION = gettext_noop(
    # Translators: description of a partnership agreement in the IATI file; code and name are e.g.
    # "BJ-ANZ-PER" and "Anzegem – Pèrèrè".
    "Allocations of the partnership agreement %(code)s (%(name)s) for %(first)s-%(last)s"
)
OWN_EXPENDITURE_DESCRIPTION = gettext_noop(
    # Translators: description of the association's own expenses in the IATI file; line and name are
    # e.g. "G26-TEAM" and "Programme team: coordination and finance".
    "Expenses of the association on its budget line %(line)s (%(name)s) in %(year)s, accepted after audit"
)
# Translators: description of a result (outcome) in the IATI file.
OBJECTIVE_DESCRIPTION = gettext_noop("Contributes to specific objective %(code)s: %(title)s")
# Translators: description of an indicator in the IATI file, e.g. "Unit: people".
UNIT_DESCRIPTION = gettext_noop("Unit: %(unit)s")


class NothingToPublish(Exception):
    """The programme has no partnership yet: an IATI file needs at least one activity."""


@dataclass(frozen=True)
class Party:
    """One organisation as a transaction names it; ref is empty where no identifier is recorded."""

    name: str
    ref: str
    type: str
    lang: str


@dataclass
class ProgrammeData:
    """Everything the file says about a programme, loaded in a fixed number of queries."""

    programme: object
    partnerships: list
    flemish: dict
    partners: dict
    budgets: dict
    tranches: dict
    subsidies: list
    programme_budgets: list
    own_claims: list
    objectives: list
    outcomes: dict
    indicators: dict
    targets: dict
    actuals: dict


def programme_iati(programme, now=None):
    """Return the <iati-activities> element of a programme: the programme, and per partnership a child.

    Raises NothingToPublish when no partnership takes part in the programme.
    """
    now = now or timezone.now()
    data = programme_data(programme)
    if not data.partnerships:
        raise NothingToPublish(programme.code)
    generated = now.isoformat(timespec="seconds")
    root = ET.Element("iati-activities", {"version": IATI_VERSION, "generated-datetime": generated})
    today = timezone.localdate(now)
    _programme_activity(root, data, today, generated)
    for partnership in data.partnerships:
        _partnership_activity(root, data, partnership, today, generated)
    return root


def iati_bytes(root):
    """Serialise the file as indented UTF-8 XML with its declaration.

    Written as one string and encoded once: ElementTree's own UTF-8 writer encodes each
    of the file's hundred thousand pieces apart, three times slower. ElementTree writes
    control characters as they are, which XML 1.0 forbids: the whole text is cleaned in
    one pass, so that a partner's pasted line break cannot invalidate the file, in a
    narrative or in any other text or attribute.
    """
    ET.indent(root)
    return XML_DECLARATION + printable_text(ET.tostring(root, encoding="unicode")).encode("utf-8") + b"\n"


def programme_identifier(programme):
    return f"{ORGANISATION_REF}-{programme.code}"


def partnership_identifier(programme, partnership_code):
    return f"{ORGANISATION_REF}-{programme.code}-{partnership_code}"


def narrative_amount(amount, currency, lang):
    """Write an amount for a narrative: symbol, space, digits grouped by spaces ("F CFA 15 742 968").

    The same shape in every language, only the symbol and decimal sign are the language's:
    CLDR's own patterns glue the symbol to the digits in English ("F CFA15,742,968").
    """
    symbol, places, decimal_sign = _amount_shape(currency, lang)
    rounded = Decimal(amount).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    digits = f"{rounded:,.{places}f}".replace(",", " ").replace(".", decimal_sign)
    return f"{symbol} {digits}"


@functools.lru_cache(maxsize=64)
def _amount_shape(currency, lang):
    """(symbol, decimal places, decimal sign): babel parses its locale data for each, and a file
    writes thousands of amounts in a few currencies and languages."""
    symbol = numbers.get_currency_symbol(currency, locale=lang).replace("\u202f", " ").replace("\xa0", " ")
    return symbol, numbers.get_currency_precision(currency), numbers.get_decimal_symbol(lang)


# Loading -------------------------------------------------------------------------------


def programme_data(programme):
    """Load what the file reports on a programme, in fourteen queries whatever its size."""
    partnerships = _partnerships(programme)
    ids = [p["id"] for p in partnerships]
    outcomes = _outcomes(ids)
    indicators = _indicators([o["id"] for rows in outcomes.values() for o in rows])
    indicator_ids = [i["id"] for rows in indicators.values() for i in rows]
    return ProgrammeData(
        programme=programme,
        partnerships=partnerships,
        flemish=_municipalities(Partnership.flemish_municipalities.through, ids),
        partners=_municipalities(Partnership.partner_municipalities.through, ids),
        budgets=_budgets(programme, ids),
        tranches=_tranches(programme, ids),
        subsidies=_subsidies(programme),
        programme_budgets=_programme_budgets(programme),
        own_claims=_own_claims(programme),
        objectives=_objectives(programme),
        outcomes=outcomes,
        indicators=indicators,
        targets=_targets(indicator_ids),
        actuals=_actuals(indicator_ids),
    )


def _partnerships(programme):
    # A partnership takes part in a programme through its money: allocations, and
    # tranches or claims even where an allocation is still missing.
    taking_part = (
        Q(pk__in=Allocation.objects.filter(programme=programme).values("partnership_id"))
        | Q(pk__in=Tranche.objects.filter(programme=programme).values("partnership_id"))
        | Q(pk__in=ExpenseClaim.objects.filter(programme=programme).values("partnership_id"))
    )
    return list(
        Partnership.objects.filter(taking_part)
        .order_by("country__code", "code")
        .values(
            "id",
            "code",
            "name",
            "kind",
            "status",
            "agreement_date",
            "country__code",
            "country__reporting_language",
            "sister_association__acronym",
            "sister_association__name",
            "sister_association__org_identifier",
        )
    )


def _municipalities(through, partnership_ids):
    """Return {partnership id: [(name, identifier)]} in the order the partnership lists them."""
    municipalities = defaultdict(list)
    rows = (
        through.objects.filter(partnership_id__in=partnership_ids)
        .order_by("partnership_id", "pk")
        .values_list("partnership_id", "municipality__name", "municipality__org_identifier")
    )
    for partnership_id, name, ref in rows:
        municipalities[partnership_id].append((name, ref))
    return municipalities


def _budgets(programme, partnership_ids):
    budgets = defaultdict(list)
    rows = (
        Allocation.objects.filter(programme=programme, partnership_id__in=partnership_ids)
        .values("partnership_id", "year")
        .annotate(amount=Sum("amount_eur"))
        .order_by("partnership_id", "year")
    )
    for row in rows:
        budgets[row["partnership_id"]].append((row["year"], row["amount"]))
    return budgets


def _tranches(programme, partnership_ids):
    rows = (
        Tranche.objects.transferred()
        .filter(programme=programme, partnership_id__in=partnership_ids)
        .order_by("partnership_id", "year", "number", "leg")
        .values(
            "partnership_id",
            "year",
            "number",
            "leg",
            "currency",
            "amount",
            "amount_eur",
            "paid_date",
            "received_date",
            "planned_date",
        )
    )
    return _by(rows, "partnership_id")


def _subsidies(programme):
    return list(
        Subsidy.objects.filter(programme=programme).order_by("year", "source").values("year", "source", "amount_eur")
    )


def _programme_budgets(programme):
    """Return [(year, amount)] of the programme's whole budget: all its budget lines per year."""
    rows = (
        BudgetLineAmount.objects.filter(line__programme=programme)
        .values("year")
        .annotate(amount=Sum("amount_eur"))
        .order_by("year")
    )
    return [(row["year"], row["amount"]) for row in rows]


def _own_claims(programme):
    # The association's own claims, on its head-office lines; only a claim whose every
    # line is settled says what was spent (grants.selectors).
    return list(
        ExpenseClaim.objects.audited()
        .filter(programme=programme, budget_line__isnull=False)
        .order_by("year", "budget_line__code")
        .values("year", "budget_line__code", "budget_line__name", "accepted_eur")
    )


def _objectives(programme):
    languages = _languages()
    return list(
        Objective.objects.filter(programme=programme, level=ObjectiveLevel.SPECIFIC)
        .order_by("code")
        .values("code", "sdg_targets", *[f"title_{lang}" for lang in languages])
    )


def _outcomes(partnership_ids):
    languages = _languages()
    rows = (
        Outcome.objects.filter(partnership_id__in=partnership_ids)
        .order_by("partnership_id", "code")
        .values(
            "id",
            "partnership_id",
            "code",
            "objective__code",
            "objective__sdg_targets",
            *[f"title_{lang}" for lang in languages],
            *[f"objective__title_{lang}" for lang in languages],
        )
    )
    return _by(rows, "partnership_id")


def _indicators(outcome_ids):
    languages = _languages()
    rows = (
        Indicator.objects.filter(outcome_id__in=outcome_ids)
        .order_by("outcome_id", "code")
        .values(
            "id",
            "outcome_id",
            "code",
            "type",
            "direction",
            "baseline_value",
            "baseline_year",
            *[f"name_{lang}" for lang in languages],
            *[f"unit_{lang}" for lang in languages],
        )
    )
    return _by(rows, "outcome_id")


def _targets(indicator_ids):
    targets = defaultdict(dict)
    rows = IndicatorTarget.objects.filter(indicator_id__in=indicator_ids).values_list("indicator_id", "year", "value")
    for indicator_id, year, value in rows:
        targets[indicator_id][year] = value
    return targets


def _actuals(indicator_ids):
    return reported_values(
        indicator_ids,
        fields=("value", "value_women", "value_men", "text", "report__language"),
        statuses=PUBLISHED_REPORTS,
    )


def _by(rows, key):
    """Group rows (dicts) by the value of `key`, keeping their order within each group."""
    groups = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return groups


# Activities ----------------------------------------------------------------------------


def _programme_activity(root, data, today, generated):
    programme = data.programme
    identifier = programme_identifier(programme)
    activity = _activity(root, identifier, "1", generated)
    _texts(activity, "title", _programme_title(programme))
    _texts(activity, "description", _programme_description(data), type=DESCRIPTION_GENERAL)
    objectives = _objectives_texts([(o["code"], o, "title") for o in data.objectives])
    if objectives:
        _texts(activity, "description", objectives, type=DESCRIPTION_OBJECTIVES)
    _participants(activity, programme, _implementers(data, data.partnerships, with_association=True))
    _status_and_dates(activity, programme, _programme_status(programme, today), today)
    _contact(activity)
    for country, percentage in _country_shares(data):
        _element(activity, "recipient-country", {"code": country, "percentage": percentage})
    _classification(activity, SECTOR_DECENTRALISATION, _sdg_targets(o["sdg_targets"] for o in data.objectives))
    for year, amount in data.programme_budgets or _allocated_per_year(data):
        _budget(activity, programme, year, amount)
    for subsidy in data.subsidies:
        _incoming_funds(activity, data, subsidy, today)
    for partnership in data.partnerships:
        _commitment(activity, data, partnership, today)
    for claim in data.own_claims:
        _own_expenditure(activity, programme, claim, today)
    for partnership in data.partnerships:
        _element(
            activity,
            "related-activity",
            {
                "ref": partnership_identifier(programme, partnership["code"]),
                "type": RELATED_CHILD,
            },
        )


def _partnership_activity(root, data, partnership, today, generated):
    programme = data.programme
    activity = _activity(root, partnership_identifier(programme, partnership["code"]), "2", generated)
    outcomes = data.outcomes.get(partnership["id"], [])
    _texts(activity, "title", _partnership_title(partnership))
    _texts(activity, "description", _partnership_description(data, partnership), type=DESCRIPTION_GENERAL)
    objectives = _objectives_texts(
        [(o["objective__code"], o, "objective__title") for o in outcomes if o["objective__code"]]
    )
    if objectives:
        _texts(activity, "description", objectives, type=DESCRIPTION_OBJECTIVES)
    _participants(activity, programme, _implementers(data, [partnership]))
    _status_and_dates(activity, programme, _partnership_status(programme, partnership, today), today)
    _contact(activity)
    # The ruleset wants recipient-country percentages to add up to 100.
    _element(activity, "recipient-country", {"code": partnership["country__code"], "percentage": "100"})
    sector = (
        SECTOR_DECENTRALISATION
        if partnership["kind"] == PartnershipKind.SISTER_ASSOCIATION
        else SECTOR_LOCAL_GOVERNMENT
    )
    _classification(activity, sector, _sdg_targets(o["objective__sdg_targets"] for o in outcomes))
    for year, amount in data.budgets.get(partnership["id"], []):
        _budget(activity, programme, year, amount)
    for tranche in data.tranches.get(partnership["id"], []):
        _disbursement(activity, data, partnership, tranche)
    _element(activity, "related-activity", {"ref": programme_identifier(programme), "type": RELATED_PARENT})
    for outcome in outcomes:
        _result(activity, data, outcome)


def _activity(root, identifier, hierarchy, generated):
    # The file is rebuilt from the database each time: every activity is as of that moment.
    activity = _element(
        root,
        "iati-activity",
        {
            "last-updated-datetime": generated,
            XML_LANG: SOURCE_LANGUAGE,
            "default-currency": CURRENCY,
            "hierarchy": hierarchy,
        },
    )
    _element(activity, "iati-identifier").text = identifier
    reporting = _element(activity, "reporting-org", {"ref": ORGANISATION_REF, "type": TYPE_ASSOCIATION})
    _narratives(reporting, ORGANISATION_NAMES)
    return activity


def _participants(activity, programme, implementers):
    funder = _funder(programme)
    attributes = {"ref": funder.ref} if funder.ref else {}
    attributes.update(type=funder.type, role=ROLE_FUNDING)
    if programme.funder_activity_id:
        attributes["activity-id"] = programme.funder_activity_id
    _narratives(_element(activity, "participating-org", attributes), _funder_names(programme))
    # The association answers to the funder for the subsidy (accountable) and passes it on
    # to the municipalities (extending).
    for role in (ROLE_ACCOUNTABLE, ROLE_EXTENDING):
        org = _element(
            activity,
            "participating-org",
            {
                "ref": ORGANISATION_REF,
                "type": TYPE_ASSOCIATION,
                "role": role,
            },
        )
        _narratives(org, ORGANISATION_NAMES)
    for party in implementers:
        attributes = {"ref": party.ref} if party.ref else {}
        attributes.update(type=party.type, role=ROLE_IMPLEMENTING)
        names = ORGANISATION_NAMES if party.ref == ORGANISATION_REF else {party.lang: party.name}
        _narratives(_element(activity, "participating-org", attributes), names)


def _implementers(data, partnerships, with_association=False):
    """Return the Parties who carry out the partnerships, each organisation once.

    The association implements the programme's own lines (Belgian component, network):
    it is an implementer of the programme, not of a partnership.
    """
    parties = [_association()] if with_association else []
    for partnership in partnerships:
        parties += _flemish(data, partnership) + _partner_side(data, partnership)
    return list(dict.fromkeys(parties))


def _association():
    return Party(ORGANISATION_NAME_SHORT, ORGANISATION_REF, TYPE_ASSOCIATION, SOURCE_LANGUAGE)


def _funder(programme):
    funder = FUNDERS.get(programme.funder)
    return Party(programme.funder, funder["ref"] if funder else "", TYPE_GOVERNMENT, SOURCE_LANGUAGE)


def _funder_names(programme):
    funder = FUNDERS.get(programme.funder)
    return funder["names"] if funder else {SOURCE_LANGUAGE: programme.funder_name or programme.funder}


def _flemish(data, partnership):
    return [Party(name, ref, TYPE_LOCAL_GOVERNMENT, "nl") for name, ref in data.flemish.get(partnership["id"], [])]


def _partner_side(data, partnership):
    """The partner-country organisations of a partnership: its sister association, its municipalities."""
    lang = partnership["country__reporting_language"]
    parties = []
    if partnership["sister_association__name"]:
        parties.append(
            Party(
                _association_name(partnership),
                partnership["sister_association__org_identifier"],
                TYPE_PARTNER_COUNTRY_NGO,
                lang,
            )
        )
    municipalities = data.partners.get(partnership["id"], [])
    return parties + [Party(name, ref, TYPE_LOCAL_GOVERNMENT, lang) for name, ref in municipalities]


def _payee(data, partnership):
    """The one organisation the association pays for a partnership, or None where it has none.

    The Flemish municipality, or the first the partnership lists when several share it
    (the system records the partnership's tranches, not which of them received each);
    without a Flemish municipality, the sister association or the partner municipality.
    """
    parties = _flemish(data, partnership) + _partner_side(data, partnership)
    return parties[0] if parties else None


def _status_and_dates(activity, programme, status, today):
    _element(activity, "activity-status", {"code": status})
    _date(activity, PLANNED_START, programme.start_date)
    # Actual dates only once they have passed: the IATI ruleset refuses future ones.
    if programme.start_date <= today:
        _date(activity, ACTUAL_START, programme.start_date)
    _date(activity, PLANNED_END, programme.end_date)
    if programme.end_date < today:
        _date(activity, ACTUAL_END, programme.end_date)


def _programme_status(programme, today):
    if today < programme.start_date:
        return STATUS_PIPELINE
    if today > programme.end_date:
        return STATUS_COMPLETION
    return STATUS_IMPLEMENTATION


def _partnership_status(programme, partnership, today):
    # A partnership's status is today's: it only changes a programme that is running.
    status = _programme_status(programme, today)
    if status != STATUS_IMPLEMENTATION:
        return status
    if partnership["status"] == PartnershipStatus.ENDED:
        return STATUS_COMPLETION
    if partnership["status"] == PartnershipStatus.ON_HOLD:
        return STATUS_SUSPENDED
    return status


def _contact(activity):
    contact = _element(activity, "contact-info", {"type": CONTACT_GENERAL})
    _narratives(_element(contact, "organisation"), ORGANISATION_NAMES)
    _element(contact, "website").text = ORGANISATION_WEBSITE


def _country_shares(data):
    """Return [(country, percentage)] of the programme: each country's share of the allocations.

    Two decimals each, the last country taking the rounding so that they add up to
    exactly 100 (the ruleset sums them); equal shares while nothing is allocated.
    """
    allocated = {partnership["country__code"]: Decimal(0) for partnership in data.partnerships}
    for partnership in data.partnerships:
        for _year, amount in data.budgets.get(partnership["id"], []):
            allocated[partnership["country__code"]] += amount
    countries = sorted(allocated)
    total = sum(allocated.values())
    shares = [
        (allocated[country] * HUNDRED / total if total else HUNDRED / len(countries)).quantize(CENT, ROUND_HALF_UP)
        for country in countries
    ]
    shares[-1] = HUNDRED - sum(shares[:-1])
    return [(country, _percentage_text(share)) for country, share in zip(countries, shares, strict=True)]


def _percentage_text(share):
    """46.12, or 100 rather than 100.00."""
    return str(share.to_integral()) if share == share.to_integral() else str(share)


def _classification(activity, sector, sdg_targets):
    _element(activity, "sector", {"vocabulary": SECTOR_VOCABULARY_DAC5, "code": sector, "percentage": "100"})
    for goal in dict.fromkeys(target.split(".")[0] for target in sdg_targets):
        _element(activity, "tag", {"vocabulary": TAG_SDG_GOAL, "code": goal})
    for target in sdg_targets:
        _element(activity, "tag", {"vocabulary": TAG_SDG_TARGET, "code": target})
    for marker, significance in POLICY_MARKERS:
        _element(
            activity,
            "policy-marker",
            {
                "vocabulary": POLICY_VOCABULARY_DAC,
                "code": marker,
                "significance": significance,
            },
        )
    _element(activity, "default-flow-type", {"code": FLOW_ODA})
    _element(activity, "default-finance-type", {"code": FINANCE_GRANT})
    _element(activity, "default-aid-type", {"code": AID_PROJECT, "vocabulary": AID_TYPE_VOCABULARY_DAC})
    _element(activity, "default-tied-status", {"code": TIED_UNTIED})


def _sdg_targets(fields):
    """Return the SDG targets named in objectives' fields ("16.6, 11.3"), sorted, each once."""
    targets = set()
    for field in fields:
        for target in (field or "").split(","):
            match = SDG_TARGET.match(target.strip())
            if match:
                targets.add((int(match[1]), match[2]))
    return [f"{goal}.{target}" for goal, target in sorted(targets, key=lambda t: (t[0], t[1].zfill(2)))]


# Money ---------------------------------------------------------------------------------


def _allocated_per_year(data):
    # A programme without budget lines yet: its budget is what the partnerships were allocated.
    years = defaultdict(Decimal)
    for rows in data.budgets.values():
        for year, amount in rows:
            years[year] += amount
    return sorted(years.items())


def _budget(activity, programme, year, amount):
    start = max(date(year, 1, 1), programme.start_date)
    end = min(date(year, 12, 31), programme.end_date)
    budget = _element(activity, "budget", {"type": BUDGET_ORIGINAL, "status": BUDGET_COMMITTED})
    _element(budget, "period-start", {"iso-date": start.isoformat()})
    _element(budget, "period-end", {"iso-date": end.isoformat()})
    _value(budget, amount, start)


def _incoming_funds(activity, data, subsidy, today):
    """The year's subsidy as received by the association, dated the first day of its year.

    The system records the amount granted per year, not the days it arrived; a year
    not begun yet has received nothing.
    """
    programme = data.programme
    day = max(date(subsidy["year"], 1, 1), programme.start_date)
    if day > today:
        return
    if subsidy["source"] == SubsidySource.FEDERAL:
        provider, names = _funder(programme), _funder_names(programme)
    else:
        # Another government co-funding the programme; named in English, without identifier.
        with translation.override(SOURCE_LANGUAGE):
            provider = Party(str(SubsidySource(subsidy["source"]).label), "", TYPE_GOVERNMENT, SOURCE_LANGUAGE)
        names = {SOURCE_LANGUAGE: provider.name}
    transaction = _element(activity, "transaction", {"ref": f"{programme.code}-{subsidy['year']}-{subsidy['source']}"})
    _element(transaction, "transaction-type", {"code": INCOMING_FUNDS})
    _element(transaction, "transaction-date", {"iso-date": day.isoformat()})
    _value(transaction, subsidy["amount_eur"], day)
    _texts(
        transaction,
        "description",
        _catalogue_texts(
            SUBSIDY_DESCRIPTION,
            lambda lang: {
                "year": subsidy["year"],
                "programme": programme.code,
                "funder": provider.name,
            },
        ),
    )
    attributes = {"ref": provider.ref} if provider.ref else {}
    if subsidy["source"] == SubsidySource.FEDERAL and programme.funder_activity_id:
        attributes["provider-activity-id"] = programme.funder_activity_id
    attributes["type"] = provider.type
    _narratives(_element(transaction, "provider-org", attributes), names)
    receiver = _element(
        transaction,
        "receiver-org",
        {
            "ref": ORGANISATION_REF,
            "receiver-activity-id": programme_identifier(programme),
            "type": TYPE_ASSOCIATION,
        },
    )
    _narratives(receiver, ORGANISATION_NAMES)


def _commitment(activity, data, partnership, today):
    """The partnership agreement: the association commits the partnership's allocations to its payee.

    Dated the agreement's day (the programme's start where none is recorded, or where the
    agreement predates the programme); a programme that has not begun commits nothing yet.
    """
    programme = data.programme
    allocations = data.budgets.get(partnership["id"], [])
    payee = _payee(data, partnership)
    if not allocations or payee is None:
        return
    day = max(partnership["agreement_date"] or programme.start_date, programme.start_date)
    if day > today:
        return
    transaction = _element(activity, "transaction", {"ref": f"{partnership['code']}-agreement"})
    _element(transaction, "transaction-type", {"code": OUTGOING_COMMITMENT})
    _element(transaction, "transaction-date", {"iso-date": day.isoformat()})
    _value(transaction, sum((amount for _year, amount in allocations), Decimal(0)), day)
    _texts(
        transaction,
        "description",
        _catalogue_texts(
            COMMITMENT_DESCRIPTION,
            lambda lang: {
                "code": partnership["code"],
                "name": partnership["name"],
                "first": allocations[0][0],
                "last": allocations[-1][0],
            },
        ),
    )
    _party(transaction, "provider-org", _association())
    _party(transaction, "receiver-org", payee, partnership_identifier(programme, partnership["code"]))


def _disbursement(activity, data, partnership, tranche):
    # A publisher reports its own transactions: the Flemish municipality passing a
    # tranche on to its partner spends money the association already disbursed, and
    # counting both would double the programme's disbursements.
    flemish = _flemish(data, partnership)
    if tranche["leg"] == TrancheLeg.TO_PARTNER and flemish:
        return
    receiver = flemish[0] if flemish and tranche["leg"] == TrancheLeg.TO_FLEMISH else _payee(data, partnership)
    if receiver is None:
        return
    # The day the money left; a tranche marked received without a payment date
    # still happened no later than its receipt.
    day = tranche["paid_date"] or tranche["received_date"] or tranche["planned_date"]
    transaction = _element(
        activity,
        "transaction",
        {
            "ref": f"{partnership['code']}-{tranche['year']}-{tranche['leg']}-{tranche['number']}",
        },
    )
    _element(transaction, "transaction-type", {"code": DISBURSEMENT})
    _element(transaction, "transaction-date", {"iso-date": day.isoformat()})
    _value(transaction, tranche["amount_eur"], day)
    _texts(
        transaction,
        "description",
        _catalogue_texts(
            TRANCHE_DESCRIPTION,
            lambda lang: {
                "number": tranche["number"],
                "year": tranche["year"],
                "provider": ORGANISATION_NAME_SHORT,
                "receiver": receiver.name,
                "amount": narrative_amount(tranche["amount"], tranche["currency"], lang),
            },
        ),
    )
    _party(transaction, "provider-org", _association())
    _party(transaction, "receiver-org", receiver)


def _own_expenditure(activity, programme, claim, today):
    # A claim that accepted nothing spent nothing the funder pays for.
    if not claim["accepted_eur"]:
        return
    # The expenses were made during the claim's year; its last day dates them, or today
    # while that day is still ahead (the ruleset refuses transactions in the future).
    day = min(date(claim["year"], 12, 31), today)
    code = claim["budget_line__code"]
    transaction = _element(activity, "transaction", {"ref": f"{code}-{claim['year']}-claim"})
    _element(transaction, "transaction-type", {"code": EXPENDITURE})
    _element(transaction, "transaction-date", {"iso-date": day.isoformat()})
    _value(transaction, claim["accepted_eur"], day)
    _texts(
        transaction,
        "description",
        _catalogue_texts(
            OWN_EXPENDITURE_DESCRIPTION,
            lambda lang: {
                "line": code,
                "name": claim["budget_line__name"],
                "year": claim["year"],
            },
        ),
    )
    _party(transaction, "provider-org", _association())


def _party(transaction, tag, party, activity_id=None):
    attributes = {"ref": party.ref} if party.ref else {}
    if activity_id:
        attributes[f"{tag.split('-')[0]}-activity-id"] = activity_id
    attributes["type"] = party.type
    names = ORGANISATION_NAMES if party.ref == ORGANISATION_REF else {party.lang: party.name}
    _narratives(_element(transaction, tag, attributes), names)


def _value(parent, amount, value_date):
    _element(parent, "value", {"currency": CURRENCY, "value-date": value_date.isoformat()}).text = money_text(amount)


def money_text(amount):
    """Write an amount in EUR with exactly two decimals; SQLite sums may carry float noise."""
    return str(Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP))


# Results -------------------------------------------------------------------------------


def _result(activity, data, outcome):
    indicators = data.indicators.get(outcome["id"], [])
    # The schema wants at least one indicator per result.
    if not indicators:
        return
    result = _element(activity, "result", {"type": RESULT_OUTCOME})
    _texts(result, "title", _field_texts(outcome, "title"))
    description = _catalogue_texts(OBJECTIVE_DESCRIPTION, lambda lang: _objective_params(outcome, lang))
    if description:
        _texts(result, "description", description)
    for indicator in indicators:
        _indicator(result, data, indicator)


def _objective_params(outcome, lang):
    title = outcome[f"objective__title_{lang}"]
    return {"code": outcome["objective__code"], "title": title} if title else None


def _indicator(result, data, indicator):
    attributes = {"measure": MEASURES[indicator["type"]]}
    if indicator["direction"] in ASCENDING:
        attributes["ascending"] = ASCENDING[indicator["direction"]]
    element = _element(result, "indicator", attributes)
    _texts(element, "title", _field_texts(indicator, "name"))
    units = _catalogue_texts(UNIT_DESCRIPTION, lambda lang: _unit_params(indicator, lang))
    if units:
        _texts(element, "description", units)
    if indicator["baseline_year"]:
        baseline = {"year": str(indicator["baseline_year"])}
        if indicator["baseline_value"] is not None:
            baseline["value"] = number_text(indicator["baseline_value"])
        _element(element, "baseline", baseline)
    # A period for every year the indicator has a target in: a value without a target (the
    # year of the baseline) says nothing of progress.
    targets = data.targets.get(indicator["id"], {})
    actuals = data.actuals.get(indicator["id"], {})
    for year in sorted(targets):
        if year in data.programme.years:
            _period(element, year, targets[year], actuals.get(year))


def _unit_params(indicator, lang):
    unit = indicator[f"unit_{lang}"]
    return {"unit": unit} if unit else None


def _period(indicator, year, target, actual):
    period = _element(indicator, "period")
    _element(period, "period-start", {"iso-date": date(year, 1, 1).isoformat()})
    _element(period, "period-end", {"iso-date": date(year, 12, 31).isoformat()})
    _element(period, "target", {"value": number_text(target)})
    if actual is not None:
        _actual(period, actual)


def _actual(period, actual):
    attributes = {"value": number_text(actual["value"])} if actual["value"] is not None else {}
    element = _element(period, "actual", attributes)
    if actual["text"]:
        # The partner's words, in the language the report was written in.
        comment = _element(element, "comment")
        _narratives(comment, {actual["report__language"]: actual["text"]})
    for sex, value in (("female", actual["value_women"]), ("male", actual["value_men"])):
        if value is not None:
            split = _element(period, "actual", {"value": number_text(value)})
            _element(split, "dimension", {"name": "sex", "value": sex})


def number_text(value):
    """Write an indicator value without trailing zeros or an exponent: 34, 76.5, 0."""
    text = format(Decimal(value).normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# Texts ---------------------------------------------------------------------------------


def _programme_title(programme):
    texts = {lang: getattr(programme, f"name_{lang}", "") for lang in _languages()}
    return {lang: text for lang, text in texts.items() if text} or {SOURCE_LANGUAGE: programme.code}


def _programme_description(data):
    programme = data.programme
    countries = sorted({p["country__code"] for p in data.partnerships})
    return _catalogue_texts(
        PROGRAMME_DESCRIPTION,
        lambda lang: {
            "programme": programme.code,
            "start": programme.start_date.year,
            "end": programme.end_date.year,
            "funder": programme.funder,
            "countries": ", ".join(country_name(code, lang) for code in countries),
        },
    )


def _objectives_texts(objectives):
    """Return {language: "Specific objectives: SD2.3 title; SD3.1 title"} of (code, row, title field) triples."""
    unique = sorted({code: (row, field) for code, row, field in objectives}.items())
    if not unique:
        return {}

    def params(lang):
        titles = [f"{code} {row[f'{field}_{lang}']}" for code, (row, field) in unique if row[f"{field}_{lang}"]]
        return {"objectives": "; ".join(titles)} if len(titles) == len(unique) else None

    return _catalogue_texts(OBJECTIVES_DESCRIPTION, params)


def _partnership_title(partnership):
    return _catalogue_texts(PARTNERSHIP_TITLES[partnership["kind"]], lambda lang: {"name": partnership["name"]})


def _partnership_description(data, partnership):
    pid, programme = partnership["id"], data.programme
    flemish = [name for name, _ref in data.flemish.get(pid, [])]
    if partnership["kind"] == PartnershipKind.SISTER_ASSOCIATION or not flemish:
        return _catalogue_texts(
            ASSOCIATION_DESCRIPTION,
            lambda lang: {
                "association": _association_name(partnership) or partnership["name"],
                "country": country_name(partnership["country__code"], lang),
                "programme": programme.code,
            },
        )
    partners = [name for name, _ref in data.partners.get(pid, [])]
    return _catalogue_texts(
        MUNICIPAL_DESCRIPTION,
        lambda lang: {
            "flemish": ", ".join(flemish),
            "partner": ", ".join(partners) or partnership["name"],
            "country": country_name(partnership["country__code"], lang),
            "programme": programme.code,
        },
    )


def _association_name(partnership):
    acronym, name = partnership["sister_association__acronym"], partnership["sister_association__name"]
    return f"{name} ({acronym})" if name else ""


def _catalogue_texts(msgid, params_for):
    """Return {language: text} of a catalogue sentence filled in per language.

    A language is left out while its catalogue does not translate the sentence (an
    English text marked French would mislead), or when params_for(lang) has nothing
    to say in it (returns None). English, the source language, always has the sentence.
    params_for names things in the language it is given, not the active one.
    """
    texts = {}
    for lang in _languages():
        sentence = _sentence(msgid, lang)
        if sentence is not None:
            params = params_for(lang)
            if params is not None:
                texts[lang] = sentence % params
    return texts


@functools.cache
def _sentence(msgid, lang):
    """The sentence in lang's catalogue, or None where it has none; catalogues do not change while a process runs."""
    with translation.override(lang):
        sentence = gettext(msgid)
    if lang != SOURCE_LANGUAGE and sentence == msgid:
        return None
    return sentence


def _field_texts(row, field):
    """Return {language: text} of a translated database field, for the languages that have text.

    The schema wants a narrative in every title: with no text at all, the code stands in.
    """
    texts = {lang: row[f"{field}_{lang}"] for lang in _languages() if row[f"{field}_{lang}"]}
    return texts or {SOURCE_LANGUAGE: row["code"]}


def _languages():
    return settings.MODELTRANSLATION_LANGUAGES


# XML -----------------------------------------------------------------------------------


def _element(parent, tag, attributes=None):
    return ET.SubElement(parent, tag, attributes or {})


def _date(activity, date_type, day):
    _element(activity, "activity-date", {"type": date_type, "iso-date": day.isoformat()})


def _texts(parent, tag, texts, **attributes):
    """Add a title or description with one narrative per language that has text."""
    _narratives(_element(parent, tag, attributes), texts)


def _narratives(element, texts):
    for lang, text in texts.items():
        if text:
            _element(element, "narrative", {XML_LANG: lang}).text = text
