"""How text is shortened for lists and tables: at a word, with "…"."""

from django import template

register = template.Library()

# Trailing punctuation left before the ellipsis reads as a typo ("over de ,…").
TRAILING = " ,;:.-–—("


@register.filter
def title_cut(text: object, length: int = 120) -> str:
    """The text on one line, cut at the last word boundary within `length` characters with
    "…" added; a single word longer than half of that is cut inside it."""
    flat = " ".join(str(text or "").split())
    if len(flat) <= length:
        return flat
    head = flat[: length + 1]
    space = head.rfind(" ")
    head = head[:space] if space > length // 2 else flat[:length]
    return head.rstrip(TRAILING) + "…"
