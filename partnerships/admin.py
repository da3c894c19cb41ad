from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.read_only_admin import ReadOnlyAdminMixin
from partnerships.models import (
    AccessEvent,
    Country,
    Membership,
    Municipality,
    Partnership,
    SisterAssociation,
    Theme,
    User,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["partnership", "municipality", "sister_association"]


@admin.register(User)
class CityLinkUserAdmin(UserAdmin):
    list_display = ["username", "get_full_name", "email", "language", "is_active", "is_staff"]
    list_filter = ["language", "is_active", "is_staff", "memberships__role"]
    fieldsets = UserAdmin.fieldsets + ((_("Preferences"), {"fields": ["language"]}),)
    inlines = [MembershipInline]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "currency", "reporting_language", "is_candidate"]
    list_filter = ["reporting_language", "is_candidate"]
    search_fields = ["code", "currency"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "kind", "nis_code", "org_identifier", "is_vat_recoverable"]
    list_filter = ["kind", "country", "is_vat_recoverable"]
    search_fields = ["name", "nis_code", "org_identifier"]


@admin.register(SisterAssociation)
class SisterAssociationAdmin(admin.ModelAdmin):
    list_display = ["acronym", "name", "country", "org_identifier", "is_link_confirmed"]
    list_filter = ["country", "is_link_confirmed"]
    search_fields = ["acronym", "name", "org_identifier"]


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "country", "kind", "status", "since_year", "is_demo_unconfirmed"]
    list_filter = ["country", "kind", "status", "themes", "is_demo_unconfirmed"]
    search_fields = ["code", "name", "flemish_municipalities__name", "partner_municipalities__name"]
    filter_horizontal = ["flemish_municipalities", "partner_municipalities", "themes"]
    list_select_related = ["country"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "partnership", "municipality", "sister_association"]
    list_filter = ["role", "partnership__country"]
    search_fields = ["user__username", "user__last_name", "partnership__code"]
    autocomplete_fields = ["user", "partnership", "municipality", "sister_association"]
    list_select_related = ["user", "partnership", "municipality", "sister_association"]


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail, read-only: lines are written by the application alone and kept as written."""

    list_display = ["at", "user", "username", "action", "description", "ip_address"]
    list_filter = ["action"]
    search_fields = ["username", "description", "path", "ip_address"]
    date_hierarchy = "at"
    list_select_related = ["user"]
