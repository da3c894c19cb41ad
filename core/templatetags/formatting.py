"""Template filters over core.formatting and core.names: money, numbers, dates and names in the reader's locale."""

from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext

from core import formatting
from core.names import country_name, currency_name, language_name

register = template.Library()


@register.filter
def money(amount, currency="EUR"):
    return formatting.format_money(amount, currency)


@register.filter
def money_whole(amount, currency="EUR"):
    return formatting.format_money(amount, currency, whole=True)


@register.filter
def number(value, decimals=None):
    return formatting.format_number(value, decimals=decimals)


@register.filter
def rate(value):
    """An exchange rate: the decimals it has, up to six (655,957 XOF per EUR in French)."""
    return formatting.format_rate(value)


@register.filter
def percent(value, decimals=1):
    return formatting.format_percent(value, decimals=decimals)


@register.filter
def written_in(language):
    """ "(written in Dutch)" beside a comment whose language is not the reader's; else nothing."""
    reader = (translation.get_language() or "en").split("-")[0]
    if not language or language == reader:
        return ""
    hint = gettext("(written in %(language)s)") % {"language": language_name(language, reader)}
    return format_html('<span class="muted">{}</span>', hint)


@register.filter
def date_medium(value):
    return formatting.format_date(value)


@register.filter
def country(code):
    return country_name(code)


@register.filter
def currency(code):
    return currency_name(code)


@register.filter
def person(user):
    """A person's full name, else their username; a dash for nobody (e.g. a deleted account)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.username


@register.filter
def plain_number(value):
    """A number as a person types it back into a form: no grouping, no trailing zeros."""
    if value is None or value == "":
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def whole_minutes(duration):
    """A timedelta in whole minutes, rounded up (a lockout of 14 min 30 s says 15)."""
    return -(-int(duration.total_seconds()) // 60)
