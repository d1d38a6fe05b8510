from django import template

from alerts.models import Follow
from alerts.services import follow_value

register = template.Library()


@register.inclusion_tag("alerts/_follow_button.html", takes_context=True)
def follow_button(context: template.Context, kind: str, value: object) -> dict:
    """ "Volgen", or, for what the user already follows, "U volgt dit" with a way back."""
    request = context["request"]
    value = follow_value(value)
    follow = None
    if request.user.is_authenticated:
        follow = Follow.objects.filter(user=request.user, kind=kind, value=value).first()
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "follow_kind": kind,
        "follow_value": value,
        "follow": follow,
    }
