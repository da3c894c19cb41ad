from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from reporting.models import Indicator, IndicatorTarget, Objective, ObjectiveLevel, Outcome, ReportPeriod
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
            "disaggregation",
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
