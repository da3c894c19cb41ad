from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships.models import Language


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    # The page to go back to; the view checks it is one of this site's.
    next = forms.CharField(required=False, strip=False)
