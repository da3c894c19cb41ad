from django.contrib import admin, messages
from django.utils.translation import gettext as _
from import_export.admin import ImportMixin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from core.formatting import interpolate
from core.read_only_admin import ReadOnlyAdminMixin, ReadOnlyHistoryAdminMixin
from grants.models import (
    Allocation,
    AuditDecision,
    BudgetLine,
    BudgetLineAmount,
    BudgetPlan,
    BudgetPlanLine,
    CoFinancing,
    ExchangeRate,
    ExpenseClaim,
    Finding,
    Invoice,
    InvoiceAttachment,
    Programme,
    Subsidy,
    Tranche,
)
from grants.reference_resources import AllocationResource, ExchangeRateResource
from grants.selectors import budget_shares


@admin.register(Programme)
class ProgrammeAdmin(TranslationAdmin, SimpleHistoryAdmin):
    list_display = ["code", "name", "funder", "start_date", "end_date"]
    search_fields = ["code", "name"]


class BudgetPlanLineInline(admin.TabularInline):
    model = BudgetPlanLine
    extra = 0


@admin.register(BudgetPlan)
class BudgetPlanAdmin(SimpleHistoryAdmin):
    list_display = ["programme", "base_year", "inflation_pct"]
    inlines = [BudgetPlanLineInline]


@admin.register(Allocation)
class AllocationAdmin(ImportMixin, admin.ModelAdmin):
    resource_classes = [AllocationResource]
    list_display = ["programme", "partnership", "year", "category", "amount_eur"]
    list_filter = ["programme", "year", "category", "partnership__country"]
    search_fields = ["partnership__code", "partnership__name"]
    list_select_related = ["programme", "partnership"]


@admin.register(Tranche)
class TrancheAdmin(SimpleHistoryAdmin):
    list_display = [
        "partnership",
        "year",
        "number",
        "leg",
        "planned_date",
        "amount",
        "currency",
        "amount_eur",
        "status",
    ]
    list_filter = ["programme", "year", "leg", "status", "currency", "partnership__country"]
    search_fields = ["partnership__code"]
    list_select_related = ["partnership"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(ImportMixin, admin.ModelAdmin):
    resource_classes = [ExchangeRateResource]
    list_display = ["currency", "valid_from", "valid_to", "units_per_eur", "source", "is_demo"]
    list_filter = ["currency", "source", "is_demo"]
    date_hierarchy = "valid_from"


@admin.register(ExpenseClaim)
class ExpenseClaimAdmin(ReadOnlyHistoryAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "year",
        "status",
        "claimed_eur",
        "accepted_eur",
        "rejected_eur",
        "pending_eur",
    ]
    list_filter = ["programme", "year", "status", "partnership__country"]
    search_fields = ["partnership__code", "budget_line__code"]
    list_select_related = ["partnership", "budget_line"]


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "claim",
        "line",
        "invoice_date",
        "supplier",
        "invoice_number",
        "category",
        "amount",
        "currency",
        "amount_eur",
        "engine_verdict",
    ]
    list_filter = ["category", "currency", "paid_by", "engine_verdict", "claim__year"]
    search_fields = [
        "supplier",
        "invoice_number",
        "description",
        "claim__partnership__code",
        "claim__budget_line__code",
    ]
    list_select_related = ["claim__partnership", "claim__budget_line"]
    raw_id_fields = ["claim"]


@admin.register(InvoiceAttachment)
class InvoiceAttachmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["invoice", "kind", "file", "uploaded_by", "uploaded_at"]
    list_filter = ["kind"]
    raw_id_fields = ["invoice"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["invoice", "rule_code", "outcome", "amount_affected_eur"]
    list_filter = ["rule_code", "outcome"]
    raw_id_fields = ["invoice"]


@admin.register(AuditDecision)
class AuditDecisionAdmin(ReadOnlyHistoryAdminMixin, SimpleHistoryAdmin):
    list_display = ["invoice", "verdict", "accepted_eur", "auditor", "decided_at"]
    list_filter = ["verdict"]
    raw_id_fields = ["invoice"]


@admin.register(Subsidy)
class SubsidyAdmin(admin.ModelAdmin):
    list_display = ["programme", "year", "source", "amount_eur", "is_demo"]
    list_filter = ["programme", "source", "is_demo"]


class BudgetLineAmountInline(admin.TabularInline):
    model = BudgetLineAmount
    extra = 0


@admin.register(BudgetLine)
class BudgetLineAdmin(TranslationAdmin):
    list_display = ["code", "name", "programme", "category", "heading", "channel"]
    list_filter = ["programme", "category", "channel"]
    search_fields = ["code", "name"]
    list_select_related = ["programme"]
    inlines = [BudgetLineAmountInline]

    def save_related(self, request, form, formsets, change):
        """Save the amounts, then warn of a cap the year's budget now exceeds.

        A warning, not a refusal: lines are entered one by one, and the first
        administration line of a year is 100 % of it until the others are in.
        """
        super().save_related(request, form, formsets, change)
        line = form.instance
        for year in sorted(set(line.amounts.values_list("year", flat=True))):
            shares = budget_shares(line.programme, year)
            for category, label in (("administration", _("administration")), ("management", _("management"))):
                part = shares[category]
                if not part["within_cap"]:
                    messages.warning(
                        request,
                        interpolate(
                            _(
                                "In %(year)s %(category)s costs are %(share)s %% of the budget, above the cap of %(cap)s %%."
                            ),
                            {"year": year, "category": label, "share": part["share_pct"], "cap": part["cap_pct"]},
                            ["share", "cap"],
                        ),
                    )


@admin.register(BudgetLineAmount)
class BudgetLineAmountAdmin(SimpleHistoryAdmin):
    list_display = ["line", "year", "amount_eur"]
    list_filter = ["line__programme", "year", "line__category"]
    search_fields = ["line__code"]
    list_select_related = ["line"]


@admin.register(CoFinancing)
class CoFinancingAdmin(SimpleHistoryAdmin):
    list_display = ["partnership", "municipality", "year", "declared_eur", "evidenced_eur", "programme"]
    list_filter = ["programme", "year", "partnership__country"]
    search_fields = ["partnership__code", "municipality__name", "note"]
    list_select_related = ["partnership", "municipality", "programme"]
