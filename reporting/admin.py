from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from reporting.models import (
    Indicator,
    IndicatorTarget,
    Objective,
    EvidenceFile,
    IndicatorValue,
    Outcome,
    PartnerReport,
    ReportEvent,
    SectionComment,
)


@admin.register(Objective)
class ObjectiveAdmin(TranslationAdmin):
    list_display = ["code", "title", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "title"]


@admin.register(Outcome)
class OutcomeAdmin(TranslationAdmin):
    list_display = ["partnership", "code", "title", "objective", "sdg_targets"]
    list_filter = ["objective", "partnership__country"]
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


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    readonly_fields = ["status_from", "status_to", "user", "at", "comment"]


class SectionCommentInline(admin.TabularInline):
    model = SectionComment
    extra = 0


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    raw_id_fields = ["indicator"]


class EvidenceFileInline(admin.TabularInline):
    model = EvidenceFile
    extra = 0
    readonly_fields = ["content_type", "size", "uploaded_by", "uploaded_at"]


@admin.register(PartnerReport)
class PartnerReportAdmin(admin.ModelAdmin):
    inlines = [IndicatorValueInline, EvidenceFileInline, ReportEventInline, SectionCommentInline]
    list_display = ["partnership", "year", "period", "language", "status", "due_date"]
    list_filter = ["status", "period", "year", "language", "partnership__country"]
    search_fields = ["partnership__code"]
    list_select_related = ["partnership"]
