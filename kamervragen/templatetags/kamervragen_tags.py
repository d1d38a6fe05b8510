"""Template filters for showing why a passage matched: highlighted terms and snippets."""

import datetime
from collections.abc import Iterable

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from kamervragen.evidence import WORD as EVIDENCE_WORD
from kamervragen.selectors import MARK_START, MARK_STOP

register = template.Library()


@register.filter
def marked(snippet: str | None) -> SafeString:
    """A SearchHeadline snippet, escaped, with its matches as <mark> elements."""
    text = escape(snippet or "")
    return mark_safe(text.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))


@register.filter
def mark_words(text: str | None, marked: Iterable[str] | None) -> SafeString:
    """The text, escaped, with every word in `marked` (lower-cased words, as
    `kamervragen.evidence` spells a link's terms) as a <mark> element."""
    text = text or ""
    wanted = {word.lower() for word in marked or ()}
    if not wanted:
        return escape(text)
    parts, position = [], 0
    for match in EVIDENCE_WORD.finditer(text):
        if match.group().lower() in wanted:
            parts.append(escape(text[position : match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


@register.filter
def urls_not_in(urls: list[str] | None, text: str | None) -> list[str]:
    """The URLs the text does not already show."""
    return [url for url in urls or [] if url not in (text or "")]


@register.filter
def dutch_list(items) -> str:
    """["3", "4", "5"] → "3, 4 en 5"."""
    items = [str(item) for item in items or []]
    if len(items) < 2:
        return "".join(items)
    return gettext("%(first)s en %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


@register.filter
def iso_date(value: str | None) -> datetime.date | str | None:
    """A date kept as ISO text in JSON metadata, as a date for the `date` filter."""
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return value


@register.filter
def percent(probability: float | None) -> str:
    """A probability as a whole percentage ("34%"). Clamped to 0–100: a link scored before
    scores were calibrated probabilities may hold more than 1."""
    return f"{round(min(max(probability or 0.0, 0.0), 1.0) * 100)}%"
