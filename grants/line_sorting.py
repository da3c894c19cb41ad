"""The claim page's lines sorted by a column: the orders it takes and the column headers that ask for them.

`sort` is a column name, ascending, or the name with a leading "-", descending. The line
number breaks ties, so that a sorted claim pages the same way on every request.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

DEFAULT = "line"
COLUMNS = {
    "line": "line",
    "date": "invoice_date",
    "supplier": "supplier",
    "category": "category",
    "amount": "amount_eur",
    "verdict": "verdict",
    "accepted": "accepted_eur",
}
LABELS = {
    "line": _("Line"),
    "date": _("Date"),
    "supplier": _("Supplier"),
    "category": _("Category"),
    "amount": _("EUR"),
    "verdict": _("Verdict"),
    "accepted": _("Accepted"),
}
CHOICES = [(value, value) for column in COLUMNS for value in (column, f"-{column}")]


def line_order(sort):
    """The order_by() fields of a `sort` value; an unknown value sorts by line."""
    column = (sort or DEFAULT).removeprefix("-")
    if column not in COLUMNS:
        return ("line",)
    sign = "-" if sort.startswith("-") else ""
    field = sign + COLUMNS[column]
    return (field,) if column == "line" else (field, "line")


@dataclass(frozen=True)
class SortHeader:
    column: str
    label: str
    query: str
    aria_sort: str | None

    @property
    def arrow(self):
        return {"ascending": "▲", "descending": "▼"}.get(self.aria_sort, "")


def sort_headers(params):
    """One header per sortable column: its link keeps the filters, starts again on page 1,
    and turns the order round when the column is the one sorted by."""
    current = params.get("sort") or DEFAULT
    if current.removeprefix("-") not in COLUMNS:
        current = DEFAULT
    headers = {}
    for column, label in LABELS.items():
        if current == column:
            aria_sort, next_sort = "ascending", f"-{column}"
        elif current == f"-{column}":
            aria_sort, next_sort = "descending", column
        else:
            aria_sort, next_sort = None, column
        query = params.copy()
        query.pop("page", None)
        query["sort"] = next_sort
        headers[column] = SortHeader(column, label, query.urlencode(), aria_sort)
    return headers
