from datetime import date

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.uploaded_files import PROOF_TYPES, FileRefused, accepted_upload
from grants.models import ReasonCode, Verdict

DECISION_CHOICES = [
    (Verdict.ELIGIBLE, _("Accept")),
    (Verdict.PARTIAL, _("Accept partly")),
    (Verdict.INELIGIBLE, _("Reject")),
    (Verdict.NEEDS_INFO, _("Ask for information")),
]


LINE_PREFIX = "line:"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files picked at once; cleans to a list of uploads, empty when none was picked."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.zip"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        uploads = [one(upload, initial) for upload in (data if isinstance(data, list | tuple) else [data]) if upload]
        if self.required and not uploads:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return uploads


def scans_within_limit(uploads):
    """The uploads, or a ValidationError when they are larger in all than a scan upload may be."""
    if sum(upload.size for upload in uploads) > settings.SCAN_UPLOAD_MAX_BYTES:
        raise forms.ValidationError(
            _("The files are larger than %(limit)s MB in all: send them in parts.")
            % {"limit": settings.SCAN_UPLOAD_MAX_BYTES // 1_048_576}
        )
    return uploads


SCANS_LABEL = _("Invoice scans and proofs of payment (PDF, JPEG, PNG, or one ZIP)")
SCANS_HELP = _(
    "Name each file after its invoice number (F-2025-012.pdf) to match it with its line; "
    "put a word like payment or receipt in the name of a proof of payment."
)


class StatementUploadForm(forms.Form):
    partnership = forms.ChoiceField(label=_("Partnership"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    file = forms.FileField(
        label=_("Expense statement"), help_text=_("XLSX or CSV (UTF-8, columns separated by ; or ,).")
    )
    scans = MultipleFileField(label=SCANS_LABEL, help_text=SCANS_HELP, required=False)

    def __init__(self, *args, partnerships=(), budget_lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(p.code, f"{p.code} {p.name}") for p in partnerships]
        if budget_lines:
            # Partnership codes have no colon: a line's value cannot be taken for one.
            self.fields["partnership"].label = _("Partnership or budget line")
            choices = [
                (_("Partnerships"), choices),
                (
                    _("The association's own expenses (budget lines)"),
                    [(f"{LINE_PREFIX}{line.code}", f"{line.code} {line.name}") for line in budget_lines],
                ),
            ]
        self.fields["partnership"].choices = choices
        self.fields["year"].initial = date.today().year

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.CLAIM_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": settings.CLAIM_UPLOAD_MAX_BYTES // 1_048_576}
            )
        return upload

    def clean_scans(self):
        return scans_within_limit(self.cleaned_data["scans"])


class ScanUploadForm(forms.Form):
    scans = MultipleFileField(label=SCANS_LABEL, help_text=SCANS_HELP)

    def clean_scans(self):
        return scans_within_limit(self.cleaned_data["scans"])


class ScanPairForm(forms.Form):
    """The line a claim's file goes with; none unpairs it."""

    line = forms.ModelChoiceField(label=_("Line"), queryset=None, required=False, to_field_name="line")

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines


class StatementModeForm(forms.Form):
    """What a statement posted for import does to a draft claim's lines ("add" or "replace"); empty if not said."""

    mode = forms.CharField(required=False, strip=False)


class DecisionForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Decision"), choices=DECISION_CHOICES, widget=forms.RadioSelect)
    accepted_eur = forms.DecimalField(
        label=_("Accepted amount (EUR)"), required=False, max_digits=14, decimal_places=2, localize=True
    )
    reason_codes = forms.MultipleChoiceField(
        label=_("Reasons"), choices=ReasonCode.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class AnswerForm(forms.Form):
    comment = forms.CharField(label=_("Your answer"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    document = forms.FileField(label=_("Document (PDF, PNG or JPEG)"), required=False, help_text=_("At most 10 MB."))

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload is None:
            return None
        # Recognised by content, an image re-encoded, stored under a name with its type's extension.
        try:
            return accepted_upload(upload, PROOF_TYPES, settings.ANSWER_UPLOAD_MAX_BYTES)[0]
        except FileRefused as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self):
        data = super().clean()
        if not data.get("comment", "").strip() and not data.get("document"):
            raise forms.ValidationError(_("Write an answer or attach a document."))
        return data


ANSWER, DECISION = "answer", "decision"


class InvoiceActionForm(forms.Form):
    """Which form of the invoice page was posted (`form`), and whether the auditor goes on to the next line."""

    form = forms.ChoiceField(choices=[(ANSWER, ANSWER), (DECISION, DECISION)])
    # Posted "1" or "0" by the two save buttons: a hidden input reads "0" as no, a checkbox would not.
    next = forms.BooleanField(required=False, widget=forms.HiddenInput)
