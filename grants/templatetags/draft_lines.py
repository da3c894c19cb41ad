"""The actions on a draft claim's lines, for the claim page of whoever may take them."""

from django import template

from grants.draft_lines import may_change_draft_lines

register = template.Library()


@register.inclusion_tag("grants/draft_line_actions.html", takes_context=True)
def draft_line_actions(context, claim):
    user = context["request"].user
    return {"claim": claim, "allowed": may_change_draft_lines(user, claim)}
