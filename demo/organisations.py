"""Reference data of domain/reference.md: countries, municipalities, partnerships, users.

Every loader is idempotent: it writes a row only when it is missing or differs,
so a second `load_demo` changes nothing (and adds no history rows).
"""

from dataclasses import dataclass, field

from partnerships.models import (
    Country,
    Membership,
    Municipality,
    MunicipalityKind,
    Partnership,
    PartnershipKind,
    PartnershipStatus,
    Role,
    SisterAssociation,
    Theme,
    User,
)

DEMO_PASSWORD = "demo"  # nosec B105 # the published password of the demo users (domain/reference.md)


def upsert(model, lookup, values=None):
    """Create the row, or update only the fields that differ; return (row, changed)."""
    values = values or {}
    row = model.objects.filter(**lookup).first()
    if row is None:
        return model.objects.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    if changed:
        row.save(update_fields=changed)
    return row, bool(changed)


# code, currency, reporting language, candidate
COUNTRIES = [
    ("BE", "EUR", "nl", False),
    ("BJ", "XOF", "fr", False),
    ("SN", "XOF", "fr", False),
    ("EC", "USD", "es", False),
    ("NI", "NIO", "es", False),
    ("RW", "RWF", "en", False),
    ("ZA", "ZAR", "en", False),
    ("MA", "MAD", "fr", True),
    ("NA", "NAD", "en", True),
]

# acronym, name, country, link confirmed
SISTER_ASSOCIATIONS = [
    ("ANCB", "Association Nationale des Communes du Bénin", "BJ", True),
    ("AME", "Asociación de Municipalidades Ecuatorianas", "EC", False),
    ("AMUNIC", "Asociación de Municipios de Nicaragua", "NI", False),
    ("RALGA", "Rwandese Association of Local Government Authorities", "RW", True),
]

# code, en, nl, fr, es
THEMES = [
    ("local-economy", "Local economy", "Lokale economie", "Économie locale", "Economía local"),
    ("gender", "Gender", "Gender", "Genre", "Género"),
    (
        "citizen-participation",
        "Citizen participation",
        "Burgerparticipatie",
        "Participation citoyenne",
        "Participación ciudadana",
    ),
    (
        "local-finance",
        "Municipal finance",
        "Gemeentefinanciën",
        "Finances locales",
        "Finanzas municipales",
    ),
    (
        "institutional-strengthening",
        "Institutional strengthening",
        "Institutionele versterking",
        "Renforcement institutionnel",
        "Fortalecimiento institucional",
    ),
]

# Demo: these two run VAT-liable activities and recover VAT, so VAT on their invoices is not eligible.
VAT_RECOVERING = {"Roeselare", "Zemst"}

# Flemish municipalities with their NIS codes (Statbel).
FLEMISH_MUNICIPALITIES = {
    "Anzegem": "34002",
    "Merelbeke": "44043",
    "Zoersel": "11055",
    "Roeselare": "36015",
    "Hoogstraten": "13014",
    "Zemst": "23096",
    "Sint-Niklaas": "46021",
    "Deinze": "44083",
    "Lievegem": "44085",
    "Bierbeek": "24011",
    "Sint-Truiden": "71053",
    "Mol": "13025",
    # Flemish partners of the Rwandan SDG partnerships are not public: demo picks.
    "Herzele": "41027",
    "Kortenberg": "24055",
    "Tienen": "24107",
    "Ronse": "45041",
}


@dataclass(frozen=True)
class PartnershipSpec:
    code: str
    country: str
    flemish: tuple
    partner: tuple = ()
    association: str = ""
    kind: str = PartnershipKind.CITY
    since: int | None = None
    themes: tuple = ()
    status: str = PartnershipStatus.ACTIVE
    unconfirmed: bool = False
    name: str = field(default="")

    @property
    def display_name(self):
        if self.name:
            return self.name
        return f"{' + '.join(self.flemish)} – {' + '.join(self.partner or (self.association,))}"


BENIN_THEMES = ("local-economy", "gender")
PARTNERSHIPS = [
    PartnershipSpec("BJ-ANZ-PER", "BJ", ("Anzegem",), ("Pèrèrè",), since=2018, themes=BENIN_THEMES),
    PartnershipSpec("BJ-MER-TOU", "BJ", ("Merelbeke",), ("Toucountouna",), since=2014, themes=BENIN_THEMES),
    PartnershipSpec("BJ-ZOE-BOH", "BJ", ("Zoersel",), ("Bohicon",), themes=BENIN_THEMES, unconfirmed=True),
    PartnershipSpec("BJ-ROE-DOG", "BJ", ("Roeselare",), ("Dogbo",), themes=BENIN_THEMES, unconfirmed=True),
    PartnershipSpec("BJ-HOO-ZAK", "BJ", ("Hoogstraten",), ("Za-Kpota",), themes=BENIN_THEMES, unconfirmed=True),
    PartnershipSpec("SN-ZEM-SOK", "SN", ("Zemst",), ("Sokone",), since=2005, themes=("local-finance",)),
    PartnershipSpec("SN-SNI-TAM", "SN", ("Sint-Niklaas",), ("Tambacounda",), since=2003, themes=("local-finance",)),
    PartnershipSpec(
        "SN-DEI-KMP",
        "SN",
        ("Deinze", "Lievegem"),
        ("Keur Moussa", "Pout", "Diender"),
        since=2010,
        themes=("local-finance", "citizen-participation"),
        name="Deinze + Lievegem – KeMoPoDi",
    ),
    PartnershipSpec(
        "EC-BIE-SFO",
        "EC",
        ("Bierbeek",),
        ("San Felipe de Oña",),
        themes=("citizen-participation",),
        unconfirmed=True,
    ),
    PartnershipSpec(
        "NI-STR-NGU",
        "NI",
        ("Sint-Truiden",),
        ("Nueva Guinea",),
        themes=("local-economy",),
        unconfirmed=True,
    ),
    PartnershipSpec(
        "NI-MOL-STO",
        "NI",
        ("Mol",),
        ("Santo Tomás",),
        themes=("citizen-participation",),
        unconfirmed=True,
    ),
    PartnershipSpec(
        "RW-SDG-KAR",
        "RW",
        ("Herzele",),
        ("Karongi",),
        kind=PartnershipKind.SDG,
        since=2023,
        themes=("citizen-participation",),
        unconfirmed=True,
    ),
    PartnershipSpec(
        "RW-SDG-BUG",
        "RW",
        ("Kortenberg",),
        ("Bugesera",),
        kind=PartnershipKind.SDG,
        since=2023,
        themes=("citizen-participation",),
        unconfirmed=True,
    ),
    PartnershipSpec(
        "RW-SDG-GAT",
        "RW",
        ("Tienen",),
        ("Gatsibo",),
        kind=PartnershipKind.SDG,
        since=2023,
        themes=("citizen-participation",),
        status=PartnershipStatus.ON_HOLD,
        unconfirmed=True,
    ),
    PartnershipSpec(
        "RW-SDG-NYA",
        "RW",
        ("Ronse",),
        ("Nyanza",),
        kind=PartnershipKind.SDG,
        since=2023,
        themes=("citizen-participation",),
        status=PartnershipStatus.ON_HOLD,
        unconfirmed=True,
    ),
    PartnershipSpec(
        "SA-BJ-ANCB",
        "BJ",
        (),
        association="ANCB",
        kind=PartnershipKind.SISTER_ASSOCIATION,
        themes=("institutional-strengthening",),
        name="ANCB – Association Nationale des Communes du Bénin",
    ),
    PartnershipSpec(
        "SA-RW-RALGA",
        "RW",
        (),
        association="RALGA",
        kind=PartnershipKind.SISTER_ASSOCIATION,
        themes=("institutional-strengthening",),
        name="RALGA – Rwandese Association of Local Government Authorities",
    ),
]

# username, first name, last name, role, partnership code ("" = whole programme), language
USERS = [
    ("coordinator", "Hanne", "Claes", Role.PROGRAMME_MANAGER, "", "nl"),
    ("auditor", "Pieter", "Maes", Role.AUDITOR, "", "nl"),
    ("anzegem", "Sofie", "Vandenberghe", Role.FLEMISH_OFFICER, "BJ-ANZ-PER", "nl"),
    ("perere", "Aïcha", "Gounou", Role.PARTNER_REPORTER, "BJ-ANZ-PER", "fr"),
    ("sokone", "Moussa", "Diop", Role.PARTNER_REPORTER, "SN-ZEM-SOK", "fr"),
    ("sanfelipe", "María", "Quishpe", Role.PARTNER_REPORTER, "EC-BIE-SFO", "es"),
    ("nuevaguinea", "Carlos", "Obando", Role.PARTNER_REPORTER, "NI-STR-NGU", "es"),
    ("ralga", "Jean", "Uwimana", Role.PARTNER_REPORTER, "SA-RW-RALGA", "en"),
]


def load_countries():
    countries = {}
    for code, currency, language, candidate in COUNTRIES:
        countries[code], _ = upsert(
            Country,
            {"code": code},
            {"currency": currency, "reporting_language": language, "is_candidate": candidate},
        )
    return countries


def load_reference_data():
    """Load countries, themes, sister associations, municipalities and partnerships."""
    countries = load_countries()
    themes = {}
    for code, en, nl, fr, es in THEMES:
        themes[code], _ = upsert(Theme, {"code": code}, {"name_en": en, "name_nl": nl, "name_fr": fr, "name_es": es})
    associations = {}
    for acronym, name, country, confirmed in SISTER_ASSOCIATIONS:
        associations[acronym], _ = upsert(
            SisterAssociation,
            {"acronym": acronym},
            {"name": name, "country": countries[country], "is_link_confirmed": confirmed},
        )
    # Organisation identifiers (org_identifier) stay empty in the demo: the enterprise numbers
    # of these municipalities and associations were not taken from the registries, and an
    # invented number would look real in the published IATI file. Left untouched here, so
    # that numbers entered in the admin survive load_demo.
    flemish = {
        name: upsert(
            Municipality,
            {"country": countries["BE"], "name": name},
            {"kind": MunicipalityKind.FLEMISH, "nis_code": nis, "is_vat_recoverable": name in VAT_RECOVERING},
        )[0]
        for name, nis in FLEMISH_MUNICIPALITIES.items()
    }
    for spec in PARTNERSHIPS:
        partners = [
            upsert(
                Municipality,
                {"country": countries[spec.country], "name": name},
                {"kind": MunicipalityKind.PARTNER},
            )[0]
            for name in spec.partner
        ]
        partnership, _ = upsert(
            Partnership,
            {"code": spec.code},
            {
                "name": spec.display_name,
                "kind": spec.kind,
                "country": countries[spec.country],
                "sister_association": associations.get(spec.association),
                "status": spec.status,
                "since_year": spec.since,
                "reporting_language": countries[spec.country].reporting_language,
                "is_demo_unconfirmed": spec.unconfirmed,
            },
        )
        partnership.flemish_municipalities.set([flemish[name] for name in spec.flemish])
        partnership.partner_municipalities.set(partners)
        partnership.themes.set([themes[code] for code in spec.themes])


def load_users():
    """Create the demo users of domain/reference.md with password `demo` and their roles."""
    partnerships = {p.code: p for p in Partnership.objects.all()}
    for username, first, last, role, scope, language in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username)
            user.set_password(DEMO_PASSWORD)
            user.first_name, user.last_name = first, last
            user.email = f"{username}@demo.invalid"
            user.language = language
            user.is_staff = role == Role.PROGRAMME_MANAGER
            user.is_superuser = role == Role.PROGRAMME_MANAGER
            user.save()
        upsert(Membership, {"user": user, "role": role, "partnership": partnerships.get(scope)})
