"""Forms every app's pages share: the confirmation of a final step, and a refused form said in one line."""

from django import forms


class ConfirmForm(forms.Form):
    """The `confirm` a confirmation page posts; a POST without it only leads to that page.

    A hidden input, not a checkbox: a checkbox would read the posted "0" as checked.
    """

    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def is_confirmed(self) -> bool:
        return self.is_valid() and self.cleaned_data["confirm"]


def form_errors_text(form: forms.Form) -> str:
    """Every message of a refused form in one line, for a flash message or a JSON answer."""
    return " ".join(str(message) for messages in form.errors.values() for message in messages)
