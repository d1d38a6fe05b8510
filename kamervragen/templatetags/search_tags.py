"""Template tags of the search page."""

from django import template
from django.http import QueryDict

register = template.Library()


@register.simple_tag(takes_context=True)
def kind_page_query(context, kind: str, number: int) -> str:
    """The current query string with the page of one kind of results set to `number`; the
    other kinds keep their pages."""
    params: QueryDict = context["request"].GET.copy()
    params[f"page_{kind}"] = str(number)
    return "?" + params.urlencode()
