import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partnerships.models import (
    AccessAction,
    AccessEvent,
    Country,
    Partnership,
    PartnershipKind,
    PartnershipStatus,
    User,
)
from partnerships.selectors import partnerships_visible_to


class PartnershipFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        queryset=Country.objects.filter(partnerships__isnull=False).distinct(),
        to_field_name="code",
        empty_label=_("All"),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PartnershipKind.choices, empty_label=_("All"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PartnershipStatus.choices, empty_label=_("All"))

    class Meta:
        model = Partnership
        fields = ["q", "country", "kind", "status"]

    def search(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(code__icontains=word)
                | Q(name__icontains=word)
                | Q(
                    pk__in=Partnership.flemish_municipalities.through.objects.filter(
                        municipality__name__icontains=word
                    ).values("partnership_id")
                )
                | Q(
                    pk__in=Partnership.partner_municipalities.through.objects.filter(
                        municipality__name__icontains=word
                    ).values("partnership_id")
                )
            )
        return queryset


def partnerships_of_request(request):
    """The partnerships the person asking may see: a list offers no other to filter by.

    django-filter asks this without a request when a filterset is built without one.
    """
    if request is None:
        return Partnership.objects.none()
    return partnerships_visible_to(request.user)


class PartnershipScopedFilterSet(django_filters.FilterSet):
    """Filters of lists whose rows belong to a partnership (claims, reports); build it with `request=`."""

    year = django_filters.NumberFilter(label=_("Year"))
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        field_name="partnership__country",
        queryset=Country.objects.filter(partnerships__isnull=False).distinct(),
        to_field_name="code",
        empty_label=_("All"),
    )
    partnership = django_filters.ModelChoiceFilter(
        label=_("Partnership"), queryset=partnerships_of_request, to_field_name="code", empty_label=_("All")
    )


class AccessEventFilter(django_filters.FilterSet):
    user = django_filters.ModelChoiceFilter(
        label=_("Who"),
        queryset=User.objects.order_by("username"),
        to_field_name="username",
        empty_label=_("All"),
        method="by_person",
    )
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AccessAction.choices, empty_label=_("All"))
    since = django_filters.DateFilter(
        label=pgettext_lazy("date range", "From"),
        field_name="at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label=pgettext_lazy("date range", "Until"),
        field_name="at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AccessEvent
        fields = ["user", "action", "since", "until"]

    def by_person(self, queryset, name, value):
        # Failed sign-ins name no user; the attempts on this person's username belong here too.
        return queryset.filter(Q(user=value) | Q(user__isnull=True, username__iexact=value.username))
