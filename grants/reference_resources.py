"""Spreadsheet imports of the programme's reference data in the admin: exchange rates and
allocations, so that a real programme's tables are loaded in one file each instead of typed.

django-import-export previews every row and imports all or nothing; a row whose key
already exists updates that row.
"""

from import_export import fields, resources, widgets

from grants.models import Allocation, ExchangeRate, Programme
from partnerships.models import Partnership


class ExchangeRateResource(resources.ModelResource):
    """Columns currency, source, valid_from, valid_to, rate (units of the currency per EUR)."""

    # docs/setting-up.md gives the programme team the column "rate": their sheets keep it.
    units_per_eur = fields.Field(attribute="units_per_eur", column_name="rate", widget=widgets.DecimalWidget())

    class Meta:
        model = ExchangeRate
        fields = ("currency", "source", "valid_from", "valid_to", "units_per_eur")
        import_id_fields = ("currency", "source", "valid_from")
        use_transactions = True
        skip_unchanged = True


class AllocationResource(resources.ModelResource):
    """Columns programme (code), partnership (code), year, category, amount_eur."""

    programme = fields.Field(
        attribute="programme", column_name="programme", widget=widgets.ForeignKeyWidget(Programme, field="code")
    )
    partnership = fields.Field(
        attribute="partnership", column_name="partnership", widget=widgets.ForeignKeyWidget(Partnership, field="code")
    )

    class Meta:
        model = Allocation
        fields = ("programme", "partnership", "year", "category", "amount_eur")
        import_id_fields = ("programme", "partnership", "year", "category")
        use_transactions = True
        skip_unchanged = True
