"""Template filters for showing why a passage matched: highlighted terms and snippets."""

import datetime
import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from kamervragen.selectors import MARK_START, MARK_STOP

register = template.Library()

WORD = re.compile(r"\w+", re.UNICODE)


@register.filter
def marked(snippet: str | None) -> SafeString:
    """A SearchHeadline snippet, escaped, with its matches as <mark> elements."""
    text = escape(snippet or "")
    return mark_safe(text.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))


def _matches(word: str, terms: list[str]) -> bool:
    lowered = word.lower()
    # Evidence terms are stems ("douan", "goeder"): a word matches when it starts with one.
    return any(lowered == term or (len(term) >= 4 and lowered.startswith(term)) for term in terms)


@register.filter
def highlight_terms(text: str | None, evidence: dict | list | None) -> SafeString:
    """The text, escaped, with every word that matches an evidence term marked."""
    text = text or ""
    if isinstance(evidence, dict):
        evidence = evidence.get("terms")
    terms = [str(term).lower() for term in evidence or [] if term]
    if not terms:
        return escape(text)
    parts, position = [], 0
    for match in WORD.finditer(text):
        if _matches(match.group(), terms):
            parts.append(escape(text[position : match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


@register.filter
def evidence_words(link) -> list[str]:
    """A lexical link's terms as the passage spells them ("douan" → "douane"), where the
    passage has a word the term highlights; otherwise the term itself."""
    passage = link.passage
    words = WORD.findall(f"{passage.heading} {passage.text}".lower()) if passage else []
    shown: list[str] = []
    for term in link.evidence.get("terms") or []:
        term = str(term).lower()
        word = next((w for w in words if _matches(w, [term])), term)
        if word not in shown:
            shown.append(word)
    return shown


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
