"""The programme's IATI 2.03 activity file, built from read queries.

Structure: one parent activity per country of the programme (hierarchy 1) and one child
activity per partnership (hierarchy 2), linked both ways with related-activity.
Budgets (allocations), transactions (tranches and accepted expenses) and results
(outcomes) are reported once, on the partnership where the system manages them: IATI
consumers add up every activity of a publisher, so the same money on the country
activity as well would count twice. The country activity is the frame DGD reads per
country: participants, country, sector, dates and its partnerships.

Element order follows the xsd sequences of iati-activities-schema.xsd (2.03); the
schema rejects any other order. The data is read with a constant number of queries,
whatever the number of partnerships.
"""

import functools
import xml.etree.ElementTree as ET  # nosec B405 # only builds and writes XML, never parses any
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from grants.models import Allocation, ExpenseClaim, Tranche, TrancheLeg
from grants.selectors import AUDITED_STATUSES, TRANSFERRED
from partnerships.formatting import format_money
from partnerships.models import Partnership, PartnershipKind, PartnershipStatus
from partnerships.names import country_name
from partnerships.printable import printable_text
from reporting.models import (
    Direction,
    Indicator,
    IndicatorTarget,
    IndicatorType,
    Outcome,
)
from reporting.selectors import reported_values

IATI_VERSION = "2.03"
XML_DECLARATION = b"<?xml version='1.0' encoding='utf-8'?>\n"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SOURCE_LANGUAGE = "en"
CURRENCY = "EUR"
CENT = Decimal("0.01")

# The association's enterprise number 0451.857.573 in the Belgian registry (KBO/BCE),
# the identifier scheme Belgium uses in IATI (domain/dgd_rules.md: confirm before publishing).
ORGANISATION_REF = "BE-BCE_KBO-0451857573"
ORGANISATION_NAMES = {
    "en": "Association of Flemish Cities and Municipalities (VVSG)",
    "nl": "Vereniging van Vlaamse Steden en Gemeenten (VVSG)",
}
ORGANISATION_NAME_SHORT = "VVSG"

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
DESCRIPTION_GENERAL = "1"
# The results framework's sector (domain/results_framework.md): DAC 5-digit code 15110,
# public sector policy and administrative management, in SectorVocabulary 1.
SECTOR_VOCABULARY_DAC5 = "1"
SECTOR_PUBLIC_ADMINISTRATION = "15110"
# A grant (FinanceType 110) of official development assistance (FlowType 10) to projects
# run by the partners (AidType C01, AidTypeVocabulary 1 = OECD DAC); the municipalities
# buy where they like, so the aid is untied (TiedStatus 5).
FLOW_ODA = "10"
FINANCE_GRANT = "110"
AID_PROJECT = "C01"
AID_TYPE_VOCABULARY_DAC = "1"
TIED_UNTIED = "5"
# BudgetType 1 original; BudgetStatus 2 committed: allocations are agreed in the
# partnerships' financial agreements.
BUDGET_ORIGINAL = "1"
BUDGET_COMMITTED = "2"
# TransactionType
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

COUNTRY_TITLE = gettext_noop(
    # Translators: title of a country activity in the IATI file, e.g. "Local governance in Benin: ...".
    "Local governance in %(country)s: municipal partnerships of programme %(programme)s"
)
COUNTRY_DESCRIPTION = gettext_noop(
    # Translators: description of a country activity in the IATI file.
    "Flemish local governments and local governments of %(country)s, or their national "
    "association, work together to strengthen local governance (SDG 16 and 11). Part of "
    "programme %(programme)s (%(start)s-%(end)s), funded by %(funder)s."
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
    # Translators: description of a transfer in the IATI file; amount is in the currency paid, e.g. "F CFA30,698,788".
    "Tranche %(number)s of %(year)s from %(provider)s to %(receiver)s: %(amount)s"
)
EXPENDITURE_DESCRIPTION = gettext_noop(
    # Translators: description of an expenditure in the IATI file.
    "Expenses of %(year)s accepted after the audit of the expense statement, invoice by invoice"
)
# Translators: description of a result (outcome) in the IATI file.
OBJECTIVE_DESCRIPTION = gettext_noop("Contributes to specific objective %(code)s: %(title)s")
# Translators: description of an indicator in the IATI file, e.g. "Unit: people".
UNIT_DESCRIPTION = gettext_noop("Unit: %(unit)s")


class NothingToPublish(Exception):
    """The programme has no partnership yet: an IATI file needs at least one activity."""


@dataclass
class ProgrammeData:
    """Everything the file says about a programme, loaded in a fixed number of queries."""

    programme: object
    partnerships: list
    flemish: dict
    partners: dict
    budgets: dict
    tranches: dict
    claims: dict
    outcomes: dict
    indicators: dict
    targets: dict
    actuals: dict


def programme_iati(programme, now=None):
    """Return the <iati-activities> element of a programme: per country a parent, per partnership a child.

    Raises NothingToPublish when no partnership takes part in the programme.
    """
    now = now or timezone.now()
    data = programme_data(programme)
    if not data.partnerships:
        raise NothingToPublish(programme.code)
    root = ET.Element(
        "iati-activities",
        {"version": IATI_VERSION, "generated-datetime": now.isoformat(timespec="seconds")},
    )
    today = timezone.localdate(now)
    for country, partnerships in _by_country(data.partnerships):
        _country_activity(root, data, country, partnerships, today)
        for partnership in partnerships:
            _partnership_activity(root, data, partnership, today)
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


def country_identifier(programme, country_code):
    return f"{ORGANISATION_REF}-{programme.code}-{country_code}"


def partnership_identifier(programme, partnership_code):
    return f"{ORGANISATION_REF}-{programme.code}-{partnership_code}"


# Loading -------------------------------------------------------------------------------


def programme_data(programme):
    """Load what the file reports on a programme, in ten queries whatever its size."""
    partnerships = _partnerships(programme)
    ids = [p["id"] for p in partnerships]
    outcomes = _outcomes(ids)
    indicators = _indicators([o["id"] for rows in outcomes.values() for o in rows])
    indicator_ids = [i["id"] for rows in indicators.values() for i in rows]
    return ProgrammeData(
        programme=programme,
        partnerships=partnerships,
        flemish=_municipality_names(Partnership.flemish_municipalities.through, ids),
        partners=_municipality_names(Partnership.partner_municipalities.through, ids),
        budgets=_budgets(programme, ids),
        tranches=_tranches(programme, ids),
        claims=_audited_claims(programme, ids),
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
            "id", "code", "name", "kind", "status",
            "country__code", "country__reporting_language",
            "sister_association__acronym", "sister_association__name",
        )
    )


def _municipality_names(through, partnership_ids):
    names = defaultdict(list)
    rows = (
        through.objects.filter(partnership_id__in=partnership_ids)
        .order_by("municipality__name")
        .values_list("partnership_id", "municipality__name")
    )
    for partnership_id, name in rows:
        names[partnership_id].append(name)
    return names


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
        Tranche.objects.filter(
            programme=programme, partnership_id__in=partnership_ids, status__in=TRANSFERRED
        )
        .order_by("partnership_id", "year", "number", "leg")
        .values(
            "partnership_id", "year", "number", "leg", "currency", "amount", "amount_eur",
            "paid_date", "received_date", "planned_date",
        )
    )
    return _by(rows, "partnership_id")


def _audited_claims(programme, partnership_ids):
    # Only a claim whose every line is settled says what was spent (grants.selectors).
    rows = (
        ExpenseClaim.objects.filter(
            programme=programme, partnership_id__in=partnership_ids, status__in=AUDITED_STATUSES
        )
        .order_by("partnership_id", "year")
        .values("partnership_id", "year", "accepted_eur")
    )
    return _by(rows, "partnership_id")


def _outcomes(partnership_ids):
    languages = _languages()
    rows = (
        Outcome.objects.filter(partnership_id__in=partnership_ids)
        .order_by("partnership_id", "code")
        .values(
            "id", "partnership_id", "code", "objective__code",
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
            "id", "outcome_id", "code", "type", "direction", "baseline_value", "baseline_year",
            *[f"name_{lang}" for lang in languages],
            *[f"unit_{lang}" for lang in languages],
        )
    )
    return _by(rows, "outcome_id")


def _targets(indicator_ids):
    targets = defaultdict(dict)
    rows = IndicatorTarget.objects.filter(indicator_id__in=indicator_ids).values_list(
        "indicator_id", "year", "value"
    )
    for indicator_id, year, value in rows:
        targets[indicator_id][year] = value
    return targets


def _actuals(indicator_ids):
    return reported_values(
        indicator_ids, fields=("value", "value_women", "value_men", "text", "report__language")
    )


def _by_country(partnerships):
    return sorted(_by(partnerships, "country__code").items())


def _by(rows, key):
    """Group rows (dicts) by the value of `key`, keeping their order within each group."""
    groups = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return groups


# Activities ----------------------------------------------------------------------------


def _country_activity(root, data, country, partnerships, today):
    programme = data.programme
    activity = _activity(root, country_identifier(programme, country), hierarchy="1")
    _texts(activity, "title", _country_title(programme, country))
    _texts(activity, "description", _country_description(programme, country), type=DESCRIPTION_GENERAL)
    _participants(activity, programme, _implementers(data, partnerships))
    _status_and_dates(activity, programme, _programme_status(programme, today), today)
    _classification(activity, country)
    for partnership in partnerships:
        _element(activity, "related-activity", {
            "ref": partnership_identifier(programme, partnership["code"]), "type": RELATED_CHILD,
        })


def _partnership_activity(root, data, partnership, today):
    programme = data.programme
    activity = _activity(root, partnership_identifier(programme, partnership["code"]), hierarchy="2")
    _texts(activity, "title", _partnership_title(partnership))
    _texts(
        activity, "description", _partnership_description(data, partnership), type=DESCRIPTION_GENERAL
    )
    _participants(activity, programme, _implementers(data, [partnership]))
    _status_and_dates(activity, programme, _partnership_status(programme, partnership, today), today)
    _classification(activity, partnership["country__code"])
    for year, amount in data.budgets.get(partnership["id"], []):
        _budget(activity, programme, year, amount)
    for tranche in data.tranches.get(partnership["id"], []):
        _disbursement(activity, data, partnership, tranche)
    for claim in data.claims.get(partnership["id"], []):
        _expenditure(activity, partnership, claim, today)
    _element(activity, "related-activity", {
        "ref": country_identifier(programme, partnership["country__code"]), "type": RELATED_PARENT,
    })
    for outcome in data.outcomes.get(partnership["id"], []):
        _result(activity, data, outcome)


def _activity(root, identifier, hierarchy):
    activity = _element(root, "iati-activity", {
        XML_LANG: SOURCE_LANGUAGE, "default-currency": CURRENCY, "hierarchy": hierarchy,
    })
    _element(activity, "iati-identifier").text = identifier
    reporting = _element(activity, "reporting-org", {"ref": ORGANISATION_REF, "type": TYPE_ASSOCIATION})
    _narratives(reporting, ORGANISATION_NAMES)
    return activity


def _participants(activity, programme, implementers):
    funder = FUNDERS.get(programme.funder)
    if funder:
        funding = _element(activity, "participating-org", {
            "ref": funder["ref"], "type": TYPE_GOVERNMENT, "role": ROLE_FUNDING,
        })
        _narratives(funding, funder["names"])
    else:
        funding = _element(activity, "participating-org", {"role": ROLE_FUNDING})
        _narratives(funding, {SOURCE_LANGUAGE: programme.funder})
    # The association answers to DGD for the subsidy (accountable) and passes it on to
    # the municipalities (extending).
    for role in (ROLE_ACCOUNTABLE, ROLE_EXTENDING):
        org = _element(activity, "participating-org", {
            "ref": ORGANISATION_REF, "type": TYPE_ASSOCIATION, "role": role,
        })
        _narratives(org, ORGANISATION_NAMES)
    for name, org_type, lang in implementers:
        org = _element(activity, "participating-org", {"type": org_type, "role": ROLE_IMPLEMENTING})
        _narratives(org, {lang: name})


def _implementers(data, partnerships):
    """Return (name, organisation type, language of the name) of who carries out the partnerships."""
    seen, implementers = set(), []
    for partnership in partnerships:
        pid, partner_lang = partnership["id"], partnership["country__reporting_language"]
        candidates = [(name, TYPE_LOCAL_GOVERNMENT, "nl") for name in data.flemish.get(pid, [])]
        candidates += [(name, TYPE_LOCAL_GOVERNMENT, partner_lang) for name in data.partners.get(pid, [])]
        if partnership["sister_association__name"]:
            candidates.append((_association_name(partnership), TYPE_PARTNER_COUNTRY_NGO, partner_lang))
        for candidate in candidates:
            if candidate[0] not in seen:
                seen.add(candidate[0])
                implementers.append(candidate)
    return implementers


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


def _classification(activity, country):
    # The ruleset wants recipient-country percentages to add up to 100.
    _element(activity, "recipient-country", {"code": country, "percentage": "100"})
    _element(activity, "sector", {
        "vocabulary": SECTOR_VOCABULARY_DAC5, "code": SECTOR_PUBLIC_ADMINISTRATION, "percentage": "100",
    })
    _element(activity, "default-flow-type", {"code": FLOW_ODA})
    _element(activity, "default-finance-type", {"code": FINANCE_GRANT})
    _element(activity, "default-aid-type", {"code": AID_PROJECT, "vocabulary": AID_TYPE_VOCABULARY_DAC})
    _element(activity, "default-tied-status", {"code": TIED_UNTIED})


# Money ---------------------------------------------------------------------------------


def _budget(activity, programme, year, amount):
    start = max(date(year, 1, 1), programme.start_date)
    end = min(date(year, 12, 31), programme.end_date)
    budget = _element(activity, "budget", {"type": BUDGET_ORIGINAL, "status": BUDGET_COMMITTED})
    _element(budget, "period-start", {"iso-date": start.isoformat()})
    _element(budget, "period-end", {"iso-date": end.isoformat()})
    _value(budget, amount, start)


def _disbursement(activity, data, partnership, tranche):
    provider, receiver = _tranche_parties(data, partnership, tranche["leg"])
    # A publisher reports its own transactions: the Flemish municipality passing a
    # tranche on to its partner spends money the association already disbursed, and
    # counting both would double the programme's disbursements.
    if provider[1] != ORGANISATION_REF:
        return
    # The day the money left; a tranche marked received without a payment date
    # still happened no later than its receipt.
    day = tranche["paid_date"] or tranche["received_date"] or tranche["planned_date"]
    transaction = _element(activity, "transaction", {
        "ref": f"{partnership['code']}-{tranche['year']}-{tranche['leg']}-{tranche['number']}",
    })
    _element(transaction, "transaction-type", {"code": DISBURSEMENT})
    _element(transaction, "transaction-date", {"iso-date": day.isoformat()})
    _value(transaction, tranche["amount_eur"], day)
    _texts(transaction, "description", _catalogue_texts(TRANCHE_DESCRIPTION, lambda lang: {
        "number": tranche["number"],
        "year": tranche["year"],
        "provider": provider[0],
        "receiver": receiver[0],
        "amount": format_money(tranche["amount"], tranche["currency"], lang=lang),
    }))
    _party(transaction, "provider-org", provider)
    _party(transaction, "receiver-org", receiver)


def _tranche_parties(data, partnership, leg):
    """Return (name, ref, type, language) of who pays and who receives a tranche."""
    pid, partner_lang = partnership["id"], partnership["country__reporting_language"]
    association = (ORGANISATION_NAME_SHORT, ORGANISATION_REF, TYPE_ASSOCIATION, SOURCE_LANGUAGE)
    flemish = data.flemish.get(pid)
    flemish_party = (", ".join(flemish), None, TYPE_LOCAL_GOVERNMENT, "nl") if flemish else association
    if leg == TrancheLeg.TO_FLEMISH:
        return association, flemish_party
    if partnership["sister_association__name"]:
        partner = (_association_name(partnership), None, TYPE_PARTNER_COUNTRY_NGO, partner_lang)
    else:
        partner = (", ".join(data.partners.get(pid, [])), None, TYPE_LOCAL_GOVERNMENT, partner_lang)
    return flemish_party, partner


def _party(transaction, tag, party):
    name, ref, org_type, lang = party
    attributes = {"ref": ref} if ref else {}
    attributes["type"] = org_type
    _narratives(_element(transaction, tag, attributes), {lang: name})


def _expenditure(activity, partnership, claim, today):
    # A claim that accepted nothing spent nothing the donor pays for.
    if not claim["accepted_eur"]:
        return
    # The expenses were made during the claim's year; its last day dates them, or today
    # while that day is still ahead (the ruleset refuses transactions in the future).
    day = min(date(claim["year"], 12, 31), today)
    transaction = _element(activity, "transaction", {"ref": f"{partnership['code']}-{claim['year']}-claim"})
    _element(transaction, "transaction-type", {"code": EXPENDITURE})
    _element(transaction, "transaction-date", {"iso-date": day.isoformat()})
    _value(transaction, claim["accepted_eur"], day)
    _texts(transaction, "description", _catalogue_texts(EXPENDITURE_DESCRIPTION, lambda lang: {"year": claim["year"]}))


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
    targets = data.targets.get(indicator["id"], {})
    actuals = data.actuals.get(indicator["id"], {})
    for year in sorted(set(targets) | set(actuals)):
        if year in data.programme.years:
            _period(element, year, targets.get(year), actuals.get(year))


def _unit_params(indicator, lang):
    unit = indicator[f"unit_{lang}"]
    return {"unit": unit} if unit else None


def _period(indicator, year, target, actual):
    period = _element(indicator, "period")
    _element(period, "period-start", {"iso-date": date(year, 1, 1).isoformat()})
    _element(period, "period-end", {"iso-date": date(year, 12, 31).isoformat()})
    if target is not None:
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


def _country_title(programme, country):
    return _catalogue_texts(COUNTRY_TITLE, lambda lang: {
        "country": country_name(country, lang), "programme": programme.code,
    })


def _country_description(programme, country):
    return _catalogue_texts(COUNTRY_DESCRIPTION, lambda lang: {
        "country": country_name(country, lang),
        "programme": programme.code,
        "start": programme.start_date.year,
        "end": programme.end_date.year,
        "funder": programme.funder,
    })


def _partnership_title(partnership):
    return _catalogue_texts(PARTNERSHIP_TITLES[partnership["kind"]], lambda lang: {"name": partnership["name"]})


def _partnership_description(data, partnership):
    pid, programme = partnership["id"], data.programme
    if partnership["kind"] == PartnershipKind.SISTER_ASSOCIATION or not data.flemish.get(pid):
        return _catalogue_texts(ASSOCIATION_DESCRIPTION, lambda lang: {
            "association": _association_name(partnership) or partnership["name"],
            "country": country_name(partnership["country__code"], lang),
            "programme": programme.code,
        })
    return _catalogue_texts(MUNICIPAL_DESCRIPTION, lambda lang: {
        "flemish": ", ".join(data.flemish[pid]),
        "partner": ", ".join(data.partners.get(pid, [])) or partnership["name"],
        "country": country_name(partnership["country__code"], lang),
        "programme": programme.code,
    })


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
