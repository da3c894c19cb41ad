from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from reporting.models import (
    Indicator,
    IndicatorTarget,
    Objective,
    ObjectiveLevel,
    Outcome,
    ReportFormat,
    ReportLanguage,
    ReportPeriod,
)
from reporting.services import TRANSLATED_INDICATOR, TRANSLATED_OUTCOME


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ("code", "objective", "sdg_targets", *TRANSLATED_OUTCOME)
        labels = {
            "title_en": _("Title in English"),
            "title_nl": _("Title in Dutch"),
            "title_fr": _("Title in French"),
            "title_es": _("Title in Spanish"),
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.instance.partnership = partnership
        self.fields["objective"].queryset = Objective.objects.filter(level=ObjectiveLevel.SPECIFIC)
        self.fields["title_en"].required = True


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = (
            "code", *TRANSLATED_INDICATOR, "type", "direction", "baseline_value", "baseline_year",
            "disaggregation", "aggregation",
        )
        labels = {
            "name_en": _("Name in English"),
            "name_nl": _("Name in Dutch"),
            "name_fr": _("Name in French"),
            "name_es": _("Name in Spanish"),
            "unit_en": _("Unit in English"),
            "unit_nl": _("Unit in Dutch"),
            "unit_fr": _("Unit in French"),
            "unit_es": _("Unit in Spanish"),
        }
        widgets = {"baseline_value": forms.NumberInput(attrs={"step": "any"})}

    def __init__(self, *args, outcome, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.outcome = outcome
        self.fields["name_en"].required = True


TargetFormSet = inlineformset_factory(
    Indicator, IndicatorTarget, fields=("year", "value"), extra=2, can_delete=True
)


class CopyFrameworkForm(forms.Form):
    source = forms.ChoiceField(label=_("Copy the framework of"))

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(p.code, f"{p.code} {p.name}") for p in sources]


class ReportingPeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period = forms.ChoiceField(label=_("Period"), choices=ReportPeriod.choices)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))


class AnnualReportForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None, to_field_name="code")
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    language = forms.ChoiceField(label=_("Language"), choices=ReportLanguage.choices)
    file_format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices, initial=ReportFormat.PDF)

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes

    def clean(self):
        cleaned = super().clean()
        programme, year = cleaned.get("programme"), cleaned.get("year")
        if programme and year and year not in programme.years:
            self.add_error(
                "year",
                _("%(code)s runs from %(first)s to %(last)s: choose a year in that period.")
                % {"code": programme.code, "first": programme.years[0], "last": programme.years[-1]},
            )
        return cleaned
