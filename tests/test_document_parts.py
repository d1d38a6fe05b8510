"""A long document's page shows one part of its passages at a time (`document_parts`), with
a Dutch navigation and table of contents; every link to a passage or footnote lands on the
part that holds it. A short document's page stays one page."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.models import Document, Footnote, Passage
from kamervragen.document_parts import ORPHANS, PASSAGES_PER_PART
from kamervragen.models import Link, Question, QuestionSet
from kamervragen.search import search

pytestmark = pytest.mark.django_db

LONG = 3 * PASSAGES_PER_PART + 40  # four parts: 150, 150, 150, 40


def _document(passages: int, name: str = "rapport") -> Document:
    document = Document.objects.create(
        filename=f"{name}.txt",
        sha256=name.ljust(64, "0"),
        kind="letter",
        status="done",
        title=f"Rapport {name}",
        date=date(2024, 5, 1),
    )
    rows = Passage.objects.bulk_create(
        Passage(
            document=document,
            order=order,
            heading=f"Hoofdstuk {order // 50 + 1}",
            text=f"Tekst van passage {order} over windenergie op zee.",
        )
        for order in range(passages)
    )
    Footnote.objects.bulk_create(
        Footnote(
            document=document,
            order=row.order,
            marker=str(row.order // 7 + 1),
            text=f"Kamerstukken II, nr. {row.order}",
            passage=row,
        )
        for row in rows
        if row.order % 7 == 0
    )
    return document


def _passages(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<p id="passage-(\d+)" class="passage', html)]


def _get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _passage(document: Document, order: int) -> Passage:
    return document.passages.get(order=order)


def test_a_long_document_shows_one_part_with_a_dutch_navigation(client_for, policy_staff):
    document = _document(LONG)
    client = client_for(policy_staff)
    url = reverse("documents:detail", args=[document.pk])
    html = _get(client, url)
    first_part = [_passage(document, order).pk for order in range(PASSAGES_PER_PART)]
    assert _passages(html) == first_part
    assert "Deel 1 van 4 (passages 1–150 van 490)" in html
    assert '<a href="?deel=2" rel="next">Volgende</a>' in html
    assert "Vorige" not in html
    # The table of contents: each chapter, on the part it begins in.
    chapter_4 = _passage(document, 150).pk
    assert f'<a href="?deel=2#passage-{chapter_4}">Hoofdstuk 4</a>' in html
    # Only the footnotes of the part's passages.
    assert html.count('<li id="noot-') == len([o for o in range(150) if o % 7 == 0])

    second = _get(client, f"{url}?deel=2")
    assert _passages(second) == [_passage(document, o).pk for o in range(150, 300)]
    assert 'rel="prev">Vorige</a>' in second
    last = _get(client, f"{url}?deel=4")
    assert len(_passages(last)) == 40
    assert "Deel 4 van 4" in last
    assert 'rel="next"' not in last


def test_a_link_to_a_passage_deep_in_the_document_lands_on_its_part(client_for, curator):
    document = _document(LONG)
    deep = _passage(document, 400)  # in part 3
    question_set = QuestionSet.objects.create(
        zaak_number="2024Z01234", title="Windenergie op zee", submitted=date(2024, 4, 1)
    )
    question = Question.objects.create(
        question_set=question_set, document=document, number=1, text="Hoeveel windparken?"
    )
    Link.objects.create(question=question, passage=deep, method="lexical", score=0.6)
    client = client_for(curator)

    # From the set's page (the link row), as a user follows it.
    set_page = _get(client, reverse("question_set_detail", args=[question_set.pk]))
    href = re.search(rf'href="([^"]*#passage-{deep.pk})"', set_page).group(1)
    landed = _get(client, href)
    assert deep.pk in _passages(landed)
    assert "Deel 3 van 4" in landed
    assert len(_passages(landed)) == PASSAGES_PER_PART
    # The passage shows the question it answers, there.
    assert f"{question_set} vraag 1" in landed


def test_a_search_hit_deep_in_the_document_lands_on_its_part(client_for, policy_staff):
    document = _document(LONG)
    deep = _passage(document, 333)
    deep.text = "De zeehondencrèche bij Pieterburen."
    deep.save()
    (hit,) = next(group for group in search("zeehondencrèche").groups if group.hits).hits
    assert hit.url.endswith(f"#passage-{deep.pk}")
    landed = _get(client_for(policy_staff), hit.url)
    assert deep.pk in _passages(landed)
    assert "Deel 3 van 4" in landed


def test_a_footnote_deep_in_the_document_is_reachable(client_for, policy_staff):
    document = _document(LONG)
    note = Footnote.objects.get(document=document, order=343)  # of passage 343, part 3
    loose = Footnote.objects.create(document=document, order=10_000, marker="x", text="Los")
    client = client_for(policy_staff)
    url = reverse("documents:detail", args=[document.pk])
    landed = _get(client, f"{url}?noot={note.pk}#noot-{note.pk}")
    assert f'<li id="noot-{note.pk}"' in landed
    assert "Deel 3 van 4" in landed
    # A footnote of no passage is listed on the last part.
    assert f'id="noot-{loose.pk}"' not in _get(client, url)
    assert f'id="noot-{loose.pk}"' in _get(client, f"{url}?noot={loose.pk}")
    assert "Deel 4 van 4" in _get(client, f"{url}?noot={loose.pk}")


def test_a_short_document_stays_one_page(client_for, policy_staff):
    document = _document(PASSAGES_PER_PART + ORPHANS)  # orphans join the part before
    html = _get(client_for(policy_staff), reverse("documents:detail", args=[document.pk]))
    assert len(_passages(html)) == PASSAGES_PER_PART + ORPHANS
    assert html.count('<li id="noot-') == document.footnotes.count()
    assert '<nav class="pagination document-parts"' not in html
    assert "Deel 1" not in html
    assert "Inhoud" not in html


def test_the_part_needs_the_same_queries_as_a_short_document(client_for, policy_staff):
    client = client_for(policy_staff)
    short, long = _document(20, "kort"), _document(LONG, "lang")
    for document in (short, long):
        client.get(reverse("documents:detail", args=[document.pk]))  # caches warm
    counts = []
    for document, query in ((short, ""), (long, ""), (long, "?deel=3")):
        with CaptureQueriesContext(connection) as queries:
            _get(client, reverse("documents:detail", args=[document.pk]) + query)
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2], counts
    deep = _passage(long, 400).pk
    with CaptureQueriesContext(connection) as queries:
        _get(client, reverse("documents:detail", args=[long.pk]) + f"?passage={deep}")
    assert len(queries) == counts[0]


@pytest.mark.parametrize("value", ["abc", "-1", "²", "99999999999999999999999", "9999"])
def test_a_nonsense_part_or_passage_shows_a_part(client_for, policy_staff, value):
    document = _document(LONG)
    client = client_for(policy_staff)
    url = reverse("documents:detail", args=[document.pk])
    assert _passages(_get(client, f"{url}?passage={value}"))
    assert _passages(_get(client, f"{url}?noot={value}"))
    assert _passages(_get(client, f"{url}?deel={value}"))


def test_a_superseded_passage_of_a_long_document_is_shown_on_the_last_part(
    client_for, policy_staff
):
    document = _document(LONG)
    gone = _passage(document, 10)
    Passage.objects.filter(pk=gone.pk).update(superseded=True)
    client = client_for(policy_staff)
    url = reverse("documents:detail", args=[document.pk])
    assert gone.pk not in _passages(_get(client, url))
    landed = _get(client, f"{url}?passage={gone.pk}#passage-{gone.pk}")
    assert "Deel 4 van 4" in landed
    assert landed.index(f'id="passage-{gone.pk}"') > landed.index("Vervallen passages")
