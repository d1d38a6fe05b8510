"""A Kamerstuk query keeps its dossier's part: "36 200-XII, nr. 9" is another paper than
36 200-VII, nr. 9 or 36 200, nr. 9 (each part is a dossier numbering its own papers), and
search read every spelling of it as 36 200, nr. 9."""

import pytest
from django.urls import reverse

from documents.models import Document, Reference
from kamervragen.search import search

pytestmark = pytest.mark.django_db


def _kamerstuk(dossier: str, number: str) -> Document:
    name = f"kst-{dossier}-{number}".replace(" ", "")
    return Document.objects.create(
        filename=f"{name}.pdf",
        sha256=name.ljust(64, "0"),
        kind=Document.Kind.LETTER,
        status=Document.Status.DONE,
        title=name,
        identifiers={"kamerstuk_dossier": dossier, "kamerstuk_number": number},
    )


@pytest.fixture
def budget(db):
    return {
        "36 200": _kamerstuk("36 200", "9"),
        "36 200-VII": _kamerstuk("36 200-VII", "9"),
        "36 200-XII": _kamerstuk("36 200-XII", "9"),
        "21 501-02": _kamerstuk("21 501-02", "3"),
    }


def _found(query: str) -> list[tuple[str, str, str]]:
    return [(hit.kind, hit.label, hit.url) for hit in search(query).direct]


def _detail(document: Document) -> str:
    return reverse("documents:detail", args=[document.pk])


@pytest.mark.parametrize(
    "query",
    [
        "36 200-XII, nr. 9",
        "36200-XII nr 9",
        "kst-36200-XII-9",
        "Kamerstuk 36 200-XII, nr. 9",
        "Kamerstukken II 2022/23, 36 200-XII, nr. 9",
        "36 200 XII, nr. 9",  # as the running header and committee lists print it
        "36200-xii, nr. 9",
        "36 200 - XII nr. 9",
        "36200XII-9",
        "36 200-XII, nr. 09",
    ],
)
def test_a_kamerstuk_with_a_part_finds_that_part_s_paper(budget, query):
    assert _found(query) == [
        ("document", "Kamerstuk 36 200-XII, nr. 9", _detail(budget["36 200-XII"]))
    ]


@pytest.mark.parametrize("query", ["36 200, nr. 9", "36200 nr 9", "kst-36200-9"])
def test_a_kamerstuk_without_a_part_finds_only_the_dossier_without_one(budget, query):
    """As before: 36 200 is a dossier of its own (the budget's own papers), not every
    chapter of it."""
    assert _found(query) == [("document", "Kamerstuk 36 200, nr. 9", _detail(budget["36 200"]))]


@pytest.mark.parametrize(
    "query", ["36 200-XII", "36200-XII", "36200-xii", "Kamerstuk 36 200-XII", "36 200 XII"]
)
def test_a_dossier_with_a_part_alone_finds_that_part_s_papers(budget, query):
    assert _found(query) == [
        ("document", "Kamerstuk 36 200-XII, nr. 9", _detail(budget["36 200-XII"]))
    ]


def test_a_dossier_without_a_part_alone_finds_only_its_own_papers(budget):
    assert _found("36 200") == [("document", "Kamerstuk 36 200, nr. 9", _detail(budget["36 200"]))]


@pytest.mark.parametrize("query", ["21 501-02, nr. 3", "21501-02-3", "kst-21501-02-3"])
def test_a_sub_dossier_s_number_is_its_part(budget, query):
    assert _found(query) == [
        ("document", "Kamerstuk 21 501-02, nr. 3", _detail(budget["21 501-02"]))
    ]


@pytest.mark.parametrize("stored", ["36 200-XII", "36200-XII"])
def test_a_kamerstuk_with_a_part_not_in_the_database_finds_who_cites_it(budget, stored):
    """References stored before the one normaliser kept "36200-XII" as written."""
    citing = budget["36 200"]
    Reference.objects.create(
        document=citing,
        kind=Reference.Kind.KAMERSTUK,
        text=f"Kamerstuk {stored}, nr. 10",
        dossier=stored,
        numbers=[10],
    )
    Reference.objects.create(
        document=budget["36 200-VII"],
        kind=Reference.Kind.KAMERSTUK,
        text="Kamerstuk 36 200-VII, nr. 10",
        dossier="36 200-VII",
        numbers=[10],
    )
    assert _found("36 200-XII, nr. 10") == [
        ("citation", "Kamerstuk 36 200-XII, nr. 10", _detail(citing))
    ]
