from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from core.read_only_admin import ReadOnlyAdminMixin
from reporting.models import (
    EvidenceFile,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Objective,
    Outcome,
    PartnerReport,
    ProgrammeIndicatorValue,
    ProgrammeNarrative,
    ReportEvent,
    SectionComment,
)


@admin.register(Objective)
class ObjectiveAdmin(TranslationAdmin):
    list_display = ["programme", "code", "title", "level", "parent", "sdg_targets"]
    list_filter = ["programme", "level"]
    search_fields = ["code", "title", "programme__code"]
    list_select_related = ["programme", "parent"]


@admin.register(Outcome)
class OutcomeAdmin(TranslationAdmin):
    list_display = ["partnership", "code", "title", "objective", "sdg_targets"]
    list_filter = ["objective__programme", "objective", "partnership__country"]
    search_fields = ["code", "title", "partnership__code"]
    list_select_related = ["partnership", "objective"]


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(TranslationAdmin):
    list_display = ["code", "name", "type", "unit", "baseline_value", "baseline_year", "outcome"]
    list_filter = ["type", "direction", "disaggregation"]
    search_fields = ["code", "name"]
    inlines = [IndicatorTargetInline]
    list_select_related = ["outcome"]


class ReportEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ReportEvent
    extra = 0
    readonly_fields = ["status_from", "status_to", "user", "at", "comment"]


class SectionCommentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SectionComment
    extra = 0


class IndicatorValueInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = IndicatorValue
    extra = 0
    raw_id_fields = ["indicator"]


class EvidenceFileInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = EvidenceFile
    extra = 0
    readonly_fields = ["content_type", "size", "uploaded_by", "uploaded_at"]


@admin.register(PartnerReport)
class PartnerReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    inlines = [IndicatorValueInline, EvidenceFileInline, ReportEventInline, SectionCommentInline]
    list_display = ["partnership", "year", "period", "language", "status", "due_date"]
    list_filter = ["status", "period", "year", "language", "partnership__country"]
    search_fields = ["partnership__code"]
    list_select_related = ["partnership"]


@admin.register(ProgrammeIndicatorValue)
class ProgrammeIndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "year", "value", "value_women", "value_men", "entered_by", "entered_at"]
    list_filter = ["year", "indicator__outcome__objective__programme"]
    raw_id_fields = ["indicator"]
    readonly_fields = ["evidence_type", "entered_by", "entered_at"]
    list_select_related = ["indicator", "entered_by"]


@admin.register(ProgrammeNarrative)
class ProgrammeNarrativeAdmin(SimpleHistoryAdmin):
    list_display = ["programme", "year", "section", "language", "updated_by", "updated_at"]
    list_filter = ["programme", "year", "section", "language"]
    readonly_fields = ["updated_by", "updated_at"]
    list_select_related = ["programme", "updated_by"]
