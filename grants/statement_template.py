"""What goes in each column of an expense statement, and the XLSX template to fill in.

The columns, their titles in each language and whether they are required are those the
statement is read with (grants.resources.COLUMNS); this module only says, per column, what
goes in it and gives an example, in the reader's language.
"""

import io
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from grants.resources import COLUMNS, TITLE_LANGUAGES, column_title

# Category, paid_by and payment_proof (True / False) values as a municipality writes them.
VALUE_WORDS = {
    "en": {
        "investment": "investment",
        "operating": "operating",
        "personnel": "personnel",
        "management": "management",
        "flemish": "flemish",
        "partner": "partner",
        True: "yes",
        False: "no",
    },
    "nl": {
        "investment": "investering",
        "operating": "werking",
        "personnel": "personeel",
        "management": "beheer",
        "flemish": "vlaams",
        "partner": "partner",
        True: "ja",
        False: "nee",
    },
    "fr": {
        "investment": "investissement",
        "operating": "fonctionnement",
        "personnel": "personnel",
        "management": "gestion",
        "flemish": "flamand",
        "partner": "partenaire",
        True: "oui",
        False: "non",
    },
    "es": {
        "investment": "inversión",
        "operating": "funcionamiento",
        "personnel": "personal",
        "management": "gestión",
        "flemish": "flamenco",
        "partner": "socio",
        True: "sí",
        False: "no",
    },
}

# Rows under the header that the template's choice lists cover.
TEMPLATE_ROWS = 1_000
REQUIRED_FILL = PatternFill("solid", fgColor="DCE6F1")
EXAMPLE_DATE = date(2026, 3, 15)

# Per column: what goes in it, and an example (a callable for the words that depend on the
# language; None for no example).
COLUMN_HELP = {
    "line": (gettext_lazy("Your own number of the line, a whole number; once per claim."), 1),
    "invoice_date": (
        gettext_lazy("The date on the invoice: 31/12/2026, 2026-12-31 or a spreadsheet date."),
        EXAMPLE_DATE,
    ),
    "payment_date": (gettext_lazy("The date the invoice was paid."), date(2026, 3, 20)),
    "supplier": (gettext_lazy("Who sent the invoice."), "Papeterie Le Savoir"),
    "invoice_number": (gettext_lazy("The supplier's number of the invoice."), "FV26-00017"),
    "description": (gettext_lazy("What was bought or paid for."), gettext_lazy("Office supplies for the registry")),
    "category": (
        gettext_lazy("The budget category: %(words)s."),
        lambda words: words["operating"],
    ),
    "currency": (gettext_lazy("The currency of the invoice, as an ISO code: EUR, XOF, USD, NIO…"), "XOF"),
    "amount": (gettext_lazy("The amount of the invoice in its currency; a decimal comma or point."), 125000),
    "vat": (gettext_lazy("The VAT on the invoice, in its currency."), None),
    "amount_eur": (
        gettext_lazy("The amount in EUR if you converted it; the audit converts it at its own rate."),
        None,
    ),
    "paid_by": (gettext_lazy("Who paid: %(words)s."), lambda words: words["partner"]),
    "payment_proof": (gettext_lazy("Whether you have the proof of payment: %(words)s."), lambda words: words[True]),
    "quotes": (gettext_lazy("How many quotes were asked for the purchase."), 3),
    "addressed_to": (gettext_lazy("Whom the invoice is addressed to."), None),
    "procedure_reference": (
        gettext_lazy("The formal procurement procedure of a purchase above EUR 30,000."),
        None,
    ),
    "destination": (
        gettext_lazy("Travel costs: the country travelled to, an ISO code or its name. Empty: the partner country."),
        None,
    ),
    "days": (gettext_lazy("Days of a daily allowance or nights of a lodging; halves allowed."), None),
    "lunches_provided": (gettext_lazy("Days of the allowance on which lunch was provided."), None),
    "dinners_provided": (gettext_lazy("Days of the allowance on which dinner was provided."), None),
    "other_funding_source": (gettext_lazy("Another subsidy this expense is also claimed from."), None),
    "other_funding_eur": (gettext_lazy("What that subsidy pays of it, in EUR."), None),
    "activity": (gettext_lazy("The code of the partnership's outcome the expense serves, e.g. R1."), "R1"),
}
# The choice lists: the words of the reader's language the reader picks from.
CHOICES = {
    "category": ("investment", "operating", "personnel", "management"),
    "paid_by": ("flemish", "partner"),
    "payment_proof": (True, False),
}


def template_language(language):
    base = str(language or "").split("-")[0]
    return base if base in TITLE_LANGUAGES else "en"


def choice_words(name, language):
    words = VALUE_WORDS[template_language(language)]
    return [words[code] for code in CHOICES[name]]


def statement_columns(language):
    """The statement's columns for the upload page and the template, in `language`.

    Each is a dict: name, title (as the template writes it), required, help, example (text,
    empty for none).
    """
    words = VALUE_WORDS[template_language(language)]
    columns = []
    for name, (required, _widget, _titles) in COLUMNS.items():
        help_text, example = COLUMN_HELP[name]
        help_text = str(help_text)
        if name in CHOICES:
            help_text = help_text % {"words": ", ".join(choice_words(name, language))}
        if callable(example):
            example = example(words)
        columns.append(
            {
                "name": name,
                "title": column_title(name, language),
                "required": required,
                "help": help_text,
                "example": _example_text(example),
            }
        )
    return columns


def _example_text(example):
    if example is None:
        return ""
    if isinstance(example, date):
        return example.strftime("%d/%m/%Y")
    return str(example)


def template_workbook(language):
    """Return the XLSX template in `language` as bytes: the header, then a sheet explaining it."""
    columns = statement_columns(language)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Statement")
    sheet.append([column["title"] for column in columns])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        if column["required"]:
            cell.fill = REQUIRED_FILL
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(40, len(column["title"]) + 4))
        if column["name"] in CHOICES:
            # Commas separate the list's values; the words have none.
            validation = DataValidation(
                type="list",
                formula1='"%s"' % ",".join(choice_words(column["name"], language)),
                allow_blank=True,
            )
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            sheet.add_data_validation(validation)
    sheet.column_dimensions[get_column_letter(_index_of(columns, "description"))].width = 50
    _help_sheet(workbook.create_sheet(_("Columns")), columns)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _index_of(columns, name):
    return next(index for index, column in enumerate(columns, start=1) if column["name"] == name)


def _help_sheet(sheet, columns):
    sheet.append([_("Column"), _("Required"), _("What goes in it"), _("Example")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in columns:
        sheet.append([column["title"], _("yes") if column["required"] else _("no"), column["help"], column["example"]])
    for letter, width in zip("ABCD", (28, 10, 70, 28)):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
