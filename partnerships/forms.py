from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships.models import Language


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
