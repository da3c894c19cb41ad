"""The expense statement format (docs/statement-files.md) as a django-import-export Resource.

Headers and values are accepted in English, Dutch, French and Spanish, without regard
to case, accents or punctuation. The widgets turn what municipalities really type
(decimal commas, dd/mm/yyyy, "FCFA", "oui") into clean values, and raise ValueError
with a message in the active language otherwise.
"""

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from grants.models import Invoice
from grants.money import round_amount


@lru_cache(maxsize=4096)
def normalize(text):
    """Fold a header or value for comparison: lower case, no accents, letters and digits only."""
    folded = unicodedata.normalize("NFKD", str(text).strip().lower())
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


class TextWidget(widgets.Widget):
    def __init__(self, max_length):
        super().__init__()
        self.max_length = max_length

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else " ".join(str(value).split())
        if len(text) > self.max_length:
            raise ValueError(_("Longer than %(max)s characters.") % {"max": self.max_length})
        return text


class LenientDateWidget(widgets.DateWidget):
    """Dates as ISO, dd/mm/yyyy (also with - or .), or real spreadsheet dates."""

    DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
    ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
    EXCEL_EPOCH = date(1899, 12, 30)

    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, (int, float)) and 20_000 < value < 80_000:
            return self.EXCEL_EPOCH + timedelta(days=int(value))
        parsed = parse_date_text(str(value).strip())
        if parsed is None:
            raise ValueError(_("“%(value)s” is not a date: write it as 31/12/2024 or 2024-12-31.") % {"value": value})
        return parsed


@lru_cache(maxsize=8192)
def parse_date_text(text):
    """Return the date written as ISO or day first, or None; a statement repeats its dates."""
    for pattern, order in ((LenientDateWidget.ISO, (0, 1, 2)), (LenientDateWidget.DAY_FIRST, (2, 1, 0))):
        match = pattern.match(text)
        if match:
            parts = [int(part) for part in match.groups()]
            try:
                return date(parts[order[0]], parts[order[1]], parts[order[2]])
            except ValueError:
                return None
    return None


class RequiredDateWidget(LenientDateWidget):
    def clean(self, value, row=None, **kwargs):
        cleaned = super().clean(value, row, **kwargs)
        if cleaned is None:
            raise ValueError(_("A date is required."))
        return cleaned


class LenientDecimalWidget(widgets.DecimalWidget):
    """Amounts with a decimal comma or point, thousands separated by spaces, dots or commas.

    A single separator followed by exactly three digits groups thousands ("125.000"
    francs CFA, "1,250" dollars): money never has three decimals.
    """

    NOISE = re.compile(r"[\s\u00a0\u202f'’€$]|(?i:eur|usd|xof|fcfa|cfa|nio|c\$)")
    THOUSANDS = re.compile(r"^-?[1-9]\d{0,2}([.,]\d{3})+$")
    PLAIN = re.compile(r"^-?\d+(?:[.,]\d{1,2})?$")

    def __init__(self, required=False):
        super().__init__()
        self.required = required

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            if self.required:
                raise ValueError(_("An amount is required."))
            return None
        if isinstance(value, bool):
            raise ValueError(_("“%(value)s” is not an amount.") % {"value": value})
        if isinstance(value, (int, float, Decimal)):
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
            return self._bounded(number, value)
        text = str(value).strip()
        if self.PLAIN.match(text):
            return self._bounded(Decimal(text.replace(",", ".")), value)
        text = self.NOISE.sub("", text)
        if text.startswith("(") and text.endswith(")"):
            text = "-" + text[1:-1]
        if self.THOUSANDS.match(text):
            text = text.replace(".", "").replace(",", "")
        elif "," in text and "." in text:
            decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
            thousands = "." if decimal_mark == "," else ","
            text = text.replace(thousands, "").replace(decimal_mark, ".")
        else:
            text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(
                _("“%(value)s” is not an amount: write it as 1234,56 or 1234.56.") % {"value": value}
            ) from None
        return self._bounded(number, value)

    @staticmethod
    def _bounded(number, value):
        if not number.is_finite() or abs(number) >= Decimal("1e12"):
            raise ValueError(_("“%(value)s” is not an amount.") % {"value": value})
        return round_amount(number)


def _number_or_none(value):
    """The cell read as an amount would be, or None where it is none: counts say their own error."""
    try:
        return LenientDecimalWidget().clean(value)
    except ValueError:
        return None


class CountWidget(widgets.IntegerWidget):
    """A whole number from 0 to `maximum`; `message` says what it counts."""

    def __init__(self, message, maximum=1000):
        super().__init__()
        self.message = message
        self.maximum = maximum

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        number = _number_or_none(value)
        if number is None or number != number.to_integral_value() or not 0 <= number <= self.maximum:
            raise ValueError(self.message() % {"value": value})
        return int(number)


class ZeroCountWidget(CountWidget):
    """A count that an empty cell leaves at 0 (meals provided)."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs) or 0


class DaysWidget(widgets.DecimalWidget):
    """Days of an allowance or nights of a lodging: a whole or half number up to a year."""

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        number = _number_or_none(value)
        if number is None or (number * 2) != (number * 2).to_integral_value() or not 0 < number <= 366:
            raise ValueError(_("“%(value)s” is not a number of days: write 3 or 2.5.") % {"value": value})
        return number.quantize(Decimal("0.1"))


class CountryWidget(widgets.Widget):
    """An ISO 3166 code, or a country's name in English, Dutch, French or Spanish."""

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return ""
        code = country_codes().get(normalize(text))
        if code is None:
            raise ValueError(_("“%(value)s” is not a country: use an ISO code such as BJ, BE or EC.") % {"value": text})
        return code


def _is_iso_country(code):
    """Two letters, and not one of ISO 3166's user-assigned or reserved codes (XK, ZZ, EU, UN...)."""
    reserved = code in {"AA", "ZZ", "EU", "EZ", "UN"} or code.startswith("X") or "QM" <= code <= "QZ"
    return len(code) == 2 and code.isalpha() and code.isupper() and not reserved


@lru_cache(maxsize=1)
def country_codes():
    codes = {}
    for language in ("en", "nl", "fr", "es"):
        for code, name in Locale.parse(language).territories.items():
            if _is_iso_country(code):
                codes.setdefault(normalize(name), code)
                codes[normalize(code)] = code
    return codes


class LineWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            raise ValueError(_("A line number is required."))
        number = _number_or_none(value)
        if number is None or number != number.to_integral_value() or not 0 < number < 10**9:
            raise ValueError(_("“%(value)s” is not a line number.") % {"value": value})
        return int(number)


class AliasWidget(widgets.Widget):
    """A choice written in any of the four languages, mapped to its code."""

    def __init__(self, aliases, message, required=True):
        super().__init__()
        self.lookup = {normalize(alias): code for code, words in aliases.items() for alias in words}
        self.message = message
        self.required = required

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            if self.required:
                raise ValueError(self.message() % {"value": ""})
            return ""
        code = self.lookup.get(normalize(value))
        if code is None:
            raise ValueError(self.message() % {"value": value})
        return code

    def render(self, value, obj=None, **kwargs):
        return value


CATEGORY_ALIASES = {
    "investment": ("investment", "investering", "investissement", "inversion", "inversión"),
    "operating": ("operating", "werking", "fonctionnement", "funcionamiento"),
    "personnel": ("personnel", "personeel", "personal"),
    "management": ("management", "beheer", "gestion", "gestión"),
}
PAID_BY_ALIASES = {
    "flemish": ("flemish", "vlaams", "vlaamse gemeente", "flamand", "flamande", "flamenco", "flamenca"),
    "partner": ("partner", "partenaire", "socio", "socia", "partnergemeente"),
    # Only the association's own statements use it; the message for a wrong value keeps to
    # the two that municipalities write.
    "association": ("association", "vereniging", "asociación", "asociacion", "vvsg"),
}
YES_NO_ALIASES = {
    True: ("yes", "y", "ja", "j", "oui", "o", "si", "sí", "s", "true", "1", "x"),
    False: ("no", "n", "nee", "non", "false", "0"),
}
CURRENCY_ALIASES = {
    "EUR": ("eur", "€", "euro", "euros"),
    "XOF": ("xof", "fcfa", "f cfa", "cfa", "franc cfa", "francs cfa"),
    "USD": ("usd", "$", "us$", "us", "dollar", "dollars", "dolar", "dólar", "dolares", "dólares"),
    "NIO": ("nio", "c$", "cordoba", "córdoba", "cordobas", "córdobas"),
    "RWF": ("rwf", "frw", "rwandan franc"),
    "ZAR": ("zar", "rand", "r"),
}


class YesNoWidget(AliasWidget):
    def __init__(self):
        super().__init__(
            YES_NO_ALIASES,
            lambda: _("“%(value)s” is not yes or no (ja/nee, oui/non, sí/no)."),
            required=False,
        )

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        cleaned = super().clean(value, row, **kwargs)
        return False if cleaned == "" else cleaned


class CurrencyWidget(widgets.Widget):
    """An ISO 4217 code, or the way people write it on a statement ("FCFA", "€", "C$")."""

    def __init__(self):
        super().__init__()
        self.lookup = {normalize(a) or a: code for code, words in CURRENCY_ALIASES.items() for a in words}
        self.symbols = {"€": "EUR", "$": "USD", "c$": "NIO", "us$": "USD"}

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            raise ValueError(_("A currency is required (EUR, XOF, USD, NIO...)."))
        code = self.symbols.get(text.lower()) or self.lookup.get(normalize(text))
        if code:
            return code
        if re.fullmatch(r"[A-Za-z]{3}", text):
            return text.upper()
        raise ValueError(
            _("“%(value)s” is not a currency: use an ISO code such as EUR, XOF, USD or NIO.") % {"value": text}
        )


# The statement's languages, in the order of each column's titles below.
TITLE_LANGUAGES = ("en", "nl", "fr", "es")
# field: (required, widget, titles: in en, nl, fr, es, then other spellings also accepted)
COLUMNS = {
    "line": (True, LineWidget(), ("line", "nr", "n°", "n.º", "nº", "no")),
    "invoice_date": (True, RequiredDateWidget(), ("invoice_date", "factuurdatum", "date facture", "fecha factura")),
    "payment_date": (False, LenientDateWidget(), ("payment_date", "betaaldatum", "date paiement", "fecha pago")),
    "supplier": (True, TextWidget(200), ("supplier", "leverancier", "fournisseur", "proveedor")),
    "invoice_number": (
        True,
        TextWidget(60),
        ("invoice_number", "factuurnummer", "n° facture", "n.º factura", "nº factura", "no factura"),
    ),
    "description": (True, TextWidget(2000), ("description", "omschrijving", "libellé", "descripción")),
    "category": (
        True,
        AliasWidget(
            CATEGORY_ALIASES,
            lambda: _("“%(value)s” is not a category: use investment, operating, personnel or management."),
            required=False,
        ),
        ("category", "kostencategorie", "catégorie", "categoría"),
    ),
    "currency": (True, CurrencyWidget(), ("currency", "munt", "devise", "moneda")),
    "amount": (True, LenientDecimalWidget(required=True), ("amount", "bedrag", "montant", "monto")),
    "vat": (False, LenientDecimalWidget(), ("vat", "btw", "tva", "iva")),
    "amount_eur": (False, LenientDecimalWidget(), ("amount_eur", "bedrag eur", "montant eur", "monto eur")),
    "paid_by": (
        True,
        AliasWidget(
            PAID_BY_ALIASES,
            lambda: _(
                "“%(value)s” is not who paid: use flemish or partner (vlaams, flamand, flamenco / partenaire, socio)."
            ),
        ),
        ("paid_by", "betaald door", "payé par", "pagado por"),
    ),
    "payment_proof": (
        False,
        YesNoWidget(),
        ("payment_proof", "betaalbewijs", "preuve de paiement", "comprobante de pago"),
    ),
    "quotes": (
        False,
        CountWidget(lambda: _("“%(value)s” is not a number of quotes.")),
        ("quotes", "offertes", "devis", "cotizaciones"),
    ),
    "addressed_to": (False, TextWidget(200), ("addressed_to", "geadresseerde", "destinataire", "destinatario")),
    "procedure_reference": (
        False,
        TextWidget(100),
        ("procedure_reference", "procedurereferentie", "référence procédure", "referencia procedimiento"),
    ),
    "destination": (False, CountryWidget(), ("destination", "bestemming", "destination", "destino")),
    "days": (False, DaysWidget(), ("days", "dagen", "jours", "días")),
    "lunches_provided": (
        False,
        ZeroCountWidget(lambda: _("“%(value)s” is not a number of meals."), maximum=366),
        ("lunches_provided", "middagmalen aangeboden", "déjeuners fournis", "almuerzos incluidos"),
    ),
    "dinners_provided": (
        False,
        ZeroCountWidget(lambda: _("“%(value)s” is not a number of meals."), maximum=366),
        ("dinners_provided", "avondmalen aangeboden", "dîners fournis", "cenas incluidas"),
    ),
    "other_funding_source": (
        False,
        TextWidget(200),
        ("other_funding_source", "andere financiering", "autre financement", "otra financiación"),
    ),
    "other_funding_eur": (
        False,
        LenientDecimalWidget(),
        (
            "other_funding_eur",
            "bedrag andere financiering eur",
            "montant autre financement eur",
            "monto otra financiación eur",
        ),
    ),
    "activity": (False, TextWidget(20), ("activity", "activiteit", "activité", "actividad")),
}
# The file's amount_eur is what the municipality declared; the audit computes its own.
ATTRIBUTE_OF = {"amount_eur": "declared_amount_eur", "payment_proof": "has_payment_proof"}
HEADER_LOOKUP = {normalize(header): name for name, (_, _, headers) in COLUMNS.items() for header in headers}
REQUIRED_COLUMNS = [name for name, (required, _, _) in COLUMNS.items() if required]


def column_title(name, language):
    """The title of a column in a language (English for any other), as a template writes it."""
    base = str(language or "").split("-")[0]
    index = TITLE_LANGUAGES.index(base) if base in TITLE_LANGUAGES else 0
    return COLUMNS[name][2][index]


class InvoiceResource(resources.ModelResource):
    """The statement columns and their widgets; grants/services/imports.py reads files through them."""

    class Meta:
        model = Invoice
        fields = tuple(ATTRIBUTE_OF.get(name, name) for name in COLUMNS)
        import_id_fields = ("line",)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for name, (_required, widget, headers) in COLUMNS.items():
            attribute = ATTRIBUTE_OF.get(name, name)
            self.fields[attribute] = fields.Field(attribute=attribute, column_name=headers[0], widget=widget)
