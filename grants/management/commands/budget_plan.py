import json

from django.core.management.base import BaseCommand, CommandError

from core.formatting import format_number, round_whole
from grants import selectors
from grants.models import Programme

FORMATS = ("text", "json")


class Command(BaseCommand):
    help = "Print a programme's multi-year budget plan, indexed by its yearly inflation rate."

    def add_arguments(self, parser):
        parser.add_argument("--programme", required=True, help="programme code, e.g. PLAN-2027-2036")
        parser.add_argument("--format", default="text", help="text (default) or json")

    def handle(self, *args, **options):
        if options["format"] not in FORMATS:
            raise CommandError(f"Unknown format {options['format']!r}: use one of {', '.join(FORMATS)}.")
        code = options["programme"]
        programme = Programme.objects.select_related("budget_plan").filter(code=code).first()
        if programme is None:
            known = ", ".join(Programme.objects.values_list("code", flat=True)) or "none loaded"
            raise CommandError(f"Unknown programme {code!r}. Known programmes: {known}.")
        table = selectors.budget_plan_table(programme)
        if table is None:
            with_plan = (
                ", ".join(Programme.objects.filter(budget_plan__isnull=False).values_list("code", flat=True)) or "none"
            )
            raise CommandError(f"Programme {code} has no budget plan. Programmes with one: {with_plan}.")
        if options["format"] == "json":
            self.stdout.write(json.dumps(as_json(table), indent=2))
        else:
            self.stdout.write(as_text(table))


def as_json(table):
    codes = [code for code, _ in table["categories"]]
    return {
        "programme": table["programme"].code,
        "inflation_pct": f"{table['plan'].inflation_pct:.2f}",
        "base_year": table["plan"].base_year,
        "years": [
            {"year": row.year, **{code: f"{row.amounts[code]:.2f}" for code in codes}, "total": f"{row.total:.2f}"}
            for row in table["years"]
        ],
    }


def as_text(table):
    codes = [code for code, _ in table["categories"]]
    header = ["year", *codes, "total"]
    base = ", ".join(f"{code} {table['base_amounts'][code]}" for code in codes)
    lines = [
        f"Budget plan {table['programme'].code}: base year {table['plan'].base_year}, "
        f"{table['plan'].inflation_pct} % inflation a year; EUR, rounded to the euro "
        f"(base amounts {base}).",
        "",
    ]
    rows = []
    for row in table["years"]:
        rows.append([str(row.year), *(row.amounts[code] for code in codes), row.total])
        for period in table["periods"]:
            if period.last_year == row.year:
                rows.append(
                    [f"{period.first_year}-{period.last_year}", *(period.amounts[c] for c in codes), period.total]
                )
    widths = [max(len(header[i]), 16) for i in range(len(header))]
    widths[0] = 10
    lines.append("  ".join(h.rjust(w) if i else h.ljust(w) for i, (h, w) in enumerate(zip(header, widths))))
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells += [format_number(round_whole(value), lang="en").rjust(w) for value, w in zip(row[1:], widths[1:])]
        lines.append("  ".join(cells))
    return "\n".join(lines)
