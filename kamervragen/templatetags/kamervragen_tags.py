"""Template filters for showing why a passage matched: highlighted terms and snippets."""

import datetime
from collections.abc import Iterable

from django import template
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from kamervragen import document_parts
from kamervragen.deadlines import status_label
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
    parts: list[str] = []
    position = 0
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
    scores were calibrated probabilities may hold more than 1. Short of certainty it stays
    within 1–99%: a suggestion of 0.9986 shown as "100%" read as certain."""
    value = min(max(probability or 0.0, 0.0), 1.0)
    shown = round(value * 100)
    if 0.0 < value < 1.0:
        shown = min(max(shown, 1), 99)
    return f"{shown}%"


@register.filter
def link_method(link) -> str:
    """What made the link, as shown above its evidence (`Link.method_label`)."""
    return link.method_label


@register.simple_tag
def set_status(question_set) -> SafeString:
    """A set's status and its day counts ("12 dagen over de termijn · 33 dagen open ·
    uiterlijk 3 mei 2024"), for the set list, the overdue page, the set and question pages.
    Written here rather than in a template of translate tags: the overdue page's 140 rows
    spent most of their time in those tags (the output is the same, byte for byte)."""
    d = question_set.deadline
    label = status_label(d.status)
    parts: list[str] = []
    if d.status == "answered":
        if d.days_open is not None:
            parts.append(ngettext("na %(days)s dag", "na %(days)s dagen", d.days_open))
            parts[-1] %= {"days": d.days_open}
    elif d.status == "overdue":
        days = d.days_overdue or 0  # an overdue set has a due date: counted
        over = ngettext("%(days)s dag over de termijn", "%(days)s dagen over de termijn", days)
        parts.append(over % {"days": days})
        if d.days_open is not None:
            parts.append(" · ")
            parts.append(
                ngettext("%(days)s dag open", "%(days)s dagen open", d.days_open)
                % {"days": d.days_open}
            )
    elif d.days_open is not None:
        parts.append(
            ngettext("%(days)s dag open", "%(days)s dagen open", d.days_open)
            % {"days": d.days_open}
        )
    if d.due and d.status != "answered":
        due = formats.date_format(d.due, "j F Y")
        parts.append(" · " + gettext("uiterlijk %(due)s") % {"due": due})
        if question_set.postponed:
            parts.append(" (" + gettext("uitgesteld") + ")")
    status = escape(d.status)
    return mark_safe(  # noqa: S308 - every part escaped
        f'<span class="set-status set-status-{status}" data-status="{status}">'
        f"{escape(label)}</span>\n"
        f'<span class="meta deadline">{escape("".join(parts))}</span>\n'
    )


@register.simple_tag
def passage_url(document_id: int, passage_id: int) -> str:
    """The document's page at the part holding the passage (`document_parts`)."""
    return document_parts.passage_url(document_id, passage_id)


@register.simple_tag
def footnote_url(document_id: int, footnote_id: int) -> str:
    """The document's page at the part listing the footnote (`document_parts`)."""
    return document_parts.footnote_url(document_id, footnote_id)
