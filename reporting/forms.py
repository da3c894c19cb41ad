from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.forms import ConfirmForm
from partnerships.models import Partnership
from reporting.evidence import EvidenceRefused, checked_evidence
from reporting.models import (
    Indicator,
    IndicatorTarget,
    IndicatorType,
    Objective,
    ObjectiveLevel,
    Outcome,
    ProgrammeNarrative,
    ReportFormat,
    ReportLanguage,
    ReportPeriod,
)
from reporting.numbers import TypedNumberField
from reporting.services import (
    TRANSLATED_INDICATOR,
    TRANSLATED_OUTCOME,
    FrameworkRefused,
    indicator_figure_check,
    indicator_value_check,
)


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
        self.fields["objective"].queryset = _objectives_for(partnership)
        self.fields["objective"].label_from_instance = lambda o: f"{o.programme.code} · {o.code} {o.title}"
        self.fields["title_en"].required = True


def _objectives_for(partnership):
    """The specific objectives of the programmes that fund the partnership; all of them before its first allocation."""
    specific = Objective.objects.filter(level=ObjectiveLevel.SPECIFIC).select_related("programme")
    funded = specific.filter(programme__allocations__partnership=partnership).distinct()
    return (funded if funded.exists() else specific).order_by("programme__start_date", "code")


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = (
            "code",
            *TRANSLATED_INDICATOR,
            "type",
            "direction",
            "baseline_value",
            "baseline_year",
            "disaggregation",
            "aggregation",
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
        field_classes = {"baseline_value": TypedNumberField}

    def __init__(self, *args, outcome, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.outcome = outcome
        self.fields["name_en"].required = True

    def clean(self):
        cleaned = super().clean()
        baseline, kind = cleaned.get("baseline_value"), cleaned.get("type")
        if baseline is not None and kind:
            try:
                indicator_figure_check(code=cleaned.get("code") or "", kind=kind, value=baseline)
            except FrameworkRefused as error:
                self.add_error("baseline_value", str(error))
        return cleaned


class BaseTargetFormSet(BaseInlineFormSet):
    """Targets lie in the range of their indicator's type, like its values."""

    def clean(self):
        super().clean()
        kind = self.instance.type
        for form in self.forms:
            value = getattr(form, "cleaned_data", {}).get("value")
            if value is None or not kind or form.cleaned_data.get("DELETE"):
                continue
            try:
                indicator_figure_check(code=self.instance.code, kind=kind, value=value)
            except FrameworkRefused as error:
                form.add_error("value", str(error))


TargetFormSet = inlineformset_factory(
    Indicator,
    IndicatorTarget,
    formset=BaseTargetFormSet,
    fields=("year", "value"),
    field_classes={"value": TypedNumberField},
    extra=2,
    can_delete=True,
)


class CopyFrameworkForm(forms.Form):
    """The partnership whose framework is copied, chosen among `sources` by its code."""

    source = forms.ModelChoiceField(
        label=_("Copy the framework of"), queryset=Partnership.objects.none(), to_field_name="code", empty_label=None
    )

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
        self.fields["source"].label_from_instance = lambda p: f"{p.code} {p.name}"


class ReportingPeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period = forms.ChoiceField(label=_("Period"), choices=ReportPeriod.choices)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))


class SectionTextForm(forms.Form):
    """One narrative section as typed, or (with `translation`) the programme team's translation of it."""

    # Kept as typed, spaces and blank lines included: the autosave sends the section whole.
    text = forms.CharField(required=False, strip=False)
    translation = forms.BooleanField(required=False, widget=forms.HiddenInput)


class SectionCommentForm(forms.Form):
    # An empty comment is refused by section_comment_add, with the message it gives for an unknown section.
    text = forms.CharField(required=False, strip=False)


class ReportStepForm(ConfirmForm):
    """A step of a report: submitting and approving are confirmed, returning says what to complete."""

    comment = forms.CharField(required=False, strip=False)


class EvidenceForm(forms.Form):
    # The file is checked by its content in evidence_add, an empty one too, with the messages of that check.
    file = forms.FileField(allow_empty_file=True, error_messages={"required": _("Choose a file to upload.")})
    caption = forms.CharField(required=False, strip=False)


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


class ProgrammeValueForm(forms.Form):
    """A programme-level indicator's value for one year, checked like a partner's value."""

    value = TypedNumberField(label=_("Value"), required=False)
    value_women = TypedNumberField(label=_("Women"), required=False)
    value_men = TypedNumberField(label=_("Men"), required=False)
    text = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.FileField(
        label=_("Evidence"), required=False, help_text=_("A PDF, PNG or JPEG file; photos are made smaller.")
    )

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        for name in ("value", "value_women", "value_men"):
            self.fields[name].subject = indicator.code
        if not indicator.disaggregation:
            del self.fields["value_women"], self.fields["value_men"]
        if indicator.type == IndicatorType.QUALITATIVE:
            del self.fields["value"]
        if indicator.type == IndicatorType.YES_NO:
            self.fields["value"].help_text = _("1 for yes, 0 for no.")

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if not upload:
            return None
        try:
            return checked_evidence(upload)
        except EvidenceRefused as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        given = {key: cleaned.get(key) for key in ("value", "value_women", "value_men")}
        text = cleaned.get("text", "")
        try:
            value, women, men, text = indicator_value_check(
                self.indicator, value=given["value"], women=given["value_women"], men=given["value_men"], text=text
            )
        except FrameworkRefused as error:
            self.add_error(self._field_at_fault(given, text), str(error))
            return cleaned
        cleaned.update(value=value, value_women=women, value_men=men, text=text)
        return cleaned

    def _field_at_fault(self, given, text):
        """The split by sex is at fault when the value alone passes the same check."""
        if self.indicator.type == IndicatorType.QUALITATIVE:
            return "text"
        if given["value_women"] is not None and given["value"] is not None:
            try:
                indicator_value_check(self.indicator, value=given["value"], text=text)
            except FrameworkRefused:
                return "value"
            return "value_women"
        return "value"


class ProgrammeNarrativeForm(forms.ModelForm):
    """One section of the team's narrative: the original in its language, the translations beside it."""

    class Meta:
        model = ProgrammeNarrative
        fields = ("language", "text", "translation_nl", "translation_fr", "translation_es", "translation_en")
        widgets = {
            name: forms.Textarea(attrs={"rows": 6})
            for name in ("text", "translation_nl", "translation_fr", "translation_es", "translation_en")
        }

    def clean(self):
        cleaned = super().clean()
        language = cleaned.get("language")
        translations = {lang: cleaned.get(f"translation_{lang}", "") for lang in ("nl", "fr", "es", "en")}
        if not cleaned.get("text", "").strip() and any(t.strip() for t in translations.values()):
            self.add_error("text", _("Write the original before its translations."))
        if language and translations.get(language, "").strip():
            self.add_error(
                f"translation_{language}",
                _("The original is written in this language: a translation into it is not needed."),
            )
        return cleaned


YES_NO_CHOICES = (("1", _("Yes")), ("0", _("No")))
SCALE_VALUES = range(1, 6)
ENTRY_KEYS = ("value", "women", "men", "text", "comment")


class ReportValuesForm(forms.Form):
    """All indicator values of a partner report, field by field, so that one mistake keeps the rest.

    Fields are named `<key>-<indicator pk>` (value, women, men, text, comment). A yes/no
    indicator is answered with radio buttons and a scale with a list of its values;
    numbers are read in the writer's language (TypedNumberField). After is_valid(),
    `entries()` gives the indicators whose row is valid and filled in, ready to save,
    whatever the other rows hold.
    """

    # The report's Submit button posts this form too ("submit"): the values are saved first.
    next = forms.CharField(required=False)

    def __init__(self, *args, indicators, saved=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        self._entries = []
        saved = saved or {}
        for indicator in self.indicators:
            self._add_fields(indicator, saved.get(indicator.pk))

    def _add_fields(self, indicator, value):
        pk, code = indicator.pk, indicator.code
        fields = {}
        if indicator.type == IndicatorType.QUALITATIVE:
            fields["text"] = forms.CharField(
                label=_("%(code)s: what changed") % {"code": code},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        elif indicator.type == IndicatorType.YES_NO:
            fields["value"] = forms.ChoiceField(
                label=_("%(code)s: answer") % {"code": code},
                required=False,
                choices=YES_NO_CHOICES,
                widget=forms.RadioSelect,
            )
        elif indicator.type == IndicatorType.SCALE:
            fields["value"] = forms.ChoiceField(
                label=_("%(code)s: value") % {"code": code},
                required=False,
                choices=[("", "—"), *((str(n), str(n)) for n in SCALE_VALUES)],
            )
        else:
            fields["value"] = TypedNumberField(
                label=_("%(code)s: value") % {"code": code},
                required=False,
                subject=code,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 10}),
            )
            if indicator.disaggregation:
                for key, label in (("women", _("%(code)s: women")), ("men", _("%(code)s: men"))):
                    fields[key] = TypedNumberField(
                        label=label % {"code": code},
                        required=False,
                        subject=code,
                        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
                    )
        fields["comment"] = forms.CharField(
            label=_("%(code)s: comment") % {"code": code},
            required=False,
            widget=forms.TextInput(attrs={"size": 24}),
        )
        for key, field in fields.items():
            name = f"{key}-{pk}"
            self.fields[name] = field
            if value is not None:
                self.initial[name] = _stored(indicator, value, key)

    def rows(self):
        """Per indicator: the indicator and its bound fields by key (absent keys are None)."""
        for indicator in self.indicators:
            names = {key: f"{key}-{indicator.pk}" for key in ENTRY_KEYS}
            yield {
                "indicator": indicator,
                **{key: self[name] if name in self.fields else None for key, name in names.items()},
            }

    def clean(self):
        cleaned = super().clean()
        self._entries = []
        for indicator in self.indicators:
            names = {key: f"{key}-{indicator.pk}" for key in ENTRY_KEYS if f"{key}-{indicator.pk}" in self.fields}
            if any(name in self.errors for name in names.values()):
                continue
            raw = {key: cleaned.get(name) for key, name in names.items()}
            # A comment alone is checked too: refused for want of a value, it stays on the page.
            if all(raw.get(key) in (None, "") for key in ENTRY_KEYS):
                continue
            try:
                value, women, men, text = indicator_value_check(
                    indicator,
                    value=raw.get("value"),
                    women=raw.get("women"),
                    men=raw.get("men"),
                    text=raw.get("text") or "",
                )
            except FrameworkRefused as error:
                self.add_error(names[_row_field_at_fault(indicator, raw)], str(error))
                continue
            self._entries.append((indicator, value, women, men, text, (raw.get("comment") or "").strip()))
        return cleaned

    @property
    def is_submitting(self) -> bool:
        """Whether the person asked to submit the report once the values are saved."""
        if self._errors is None:
            self.full_clean()
        return self.cleaned_data.get("next") == "submit"

    def entries(self):
        """The valid, filled-in rows as (indicator, value, women, men, text, comment)."""
        if self._errors is None:
            self.full_clean()
        return list(self._entries)

    def error_links(self):
        """(id of the field, message) for each refused field, for a summary that links to them."""
        for name, errors in self.errors.items():
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            anchor = self[name].auto_id + ("_0" if isinstance(widget, forms.RadioSelect) else "")
            for message in errors:
                yield anchor, message

    def mark_invalid_fields(self):
        """Point every field in error at its message, for screen readers and for the error summary."""
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update({"aria-invalid": "true", "aria-describedby": f"error-{name}"})


def _stored(indicator, value, key):
    if key == "text":
        return value.text
    if key == "comment":
        return value.comment
    number = {"value": value.value, "women": value.value_women, "men": value.value_men}[key]
    if number is not None and indicator.type in (IndicatorType.YES_NO, IndicatorType.SCALE):
        return str(int(number))
    return number


def _row_field_at_fault(indicator, raw):
    """Which field of a row a refusal of indicator_value_check is about."""
    if indicator.type == IndicatorType.QUALITATIVE:
        return "text"
    if raw.get("women") is not None and raw.get("value") is not None:
        try:
            indicator_value_check(indicator, value=raw["value"])
        except FrameworkRefused:
            return "value"
        return "women"
    return "value"
