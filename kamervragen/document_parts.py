"""A long document's page in parts: which passages a part holds, which part holds a passage
or footnote, the table of contents, and the URLs that land on a passage or footnote.

Plain functions over the document's outline (its reading passages' ids and headings, in
order); the rows themselves are read by `selectors.document_with_structure`."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.urls import reverse

# A report of hundreds of pages has 1,000 or more passages: 150 a part keeps a part near
# the size of an ordinary letter. A last part of up to ORPHANS passages joins the one
# before, so a document of up to 180 passages stays on one page, as before parts.
PASSAGES_PER_PART = 150
ORPHANS = 30
PART_PARAM = "deel"
PASSAGE_PARAM = "passage"
FOOTNOTE_PARAM = "noot"


@dataclass(frozen=True)
class OutlineRow:
    pk: int
    heading: str


@dataclass(frozen=True)
class Section:
    """A heading of the table of contents, with the part it begins in."""

    heading: str
    first_passage: int
    part: int


def parts_paginate(outline: list[OutlineRow]) -> Paginator:
    return Paginator(outline, PASSAGES_PER_PART, orphans=ORPHANS, allow_empty_first_page=True)


def part_of(paginator: Paginator, passage_pk: int) -> int | None:
    """The number of the part that holds the reading passage, None if it is not one."""
    for index, row in enumerate(paginator.object_list):
        if row.pk == passage_pk:
            # The last part also holds its orphans: never past it.
            return min(index // paginator.per_page + 1, paginator.num_pages)
    return None


def part_page(
    paginator: Paginator,
    *,
    part: str | None,
    passage_pk: int | None = None,
    footnote_passage_pk: int | None = None,
    elsewhere: bool = False,
) -> Page:
    """The part asked for: the one holding a passage (or a footnote's passage) if given,
    the last one for what is kept apart at the end (`elsewhere`: a superseded passage, a
    footnote of no reading passage), else the numbered part (the first if none or invalid)."""
    for pk in (passage_pk, footnote_passage_pk):
        number = part_of(paginator, pk) if pk is not None else None
        if number is not None:
            return paginator.page(number)
    if elsewhere:
        return paginator.page(paginator.num_pages)
    return paginator.get_page(part)


def sections(paginator: Paginator) -> list[Section]:
    """Each heading where it begins (a heading runs over the passages that follow it)."""
    result = []
    previous = None
    for index, row in enumerate(paginator.object_list):
        if row.heading and row.heading != previous:
            part = min(index // paginator.per_page + 1, paginator.num_pages)
            result.append(Section(row.heading, row.pk, part))
        previous = row.heading
    return result


def passage_url(document_id: int, passage_id: int) -> str:
    """The document's page at the part that holds the passage, scrolled to it."""
    url = reverse("documents:detail", args=[document_id])
    return f"{url}?{PASSAGE_PARAM}={passage_id}#passage-{passage_id}"


def footnote_url(document_id: int, footnote_id: int) -> str:
    """The document's page at the part that lists the footnote, scrolled to it."""
    url = reverse("documents:detail", args=[document_id])
    return f"{url}?{FOOTNOTE_PARAM}={footnote_id}#noot-{footnote_id}"
