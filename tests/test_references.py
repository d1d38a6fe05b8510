"""References parsed into structured form, and stored with the passage or footnote."""

import pytest

from documents.models import Reference
from documents.references import find_references
from documents.services import document_create
from kamervragen.ingestion.recipe import document_ingest
from tests.conftest import SEED_LETTER_PDF


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kamerstuk 31 934, nr. 52", [("kamerstuk", "31 934", [52], "")]),
        ("Kamerstukken II 2021/22, 29 911, nr. 379", [("kamerstuk", "29 911", [379], "2021/22")]),
        ("de motie Van Dijk (Kamerstuk 21 501-20, nr. 1234)", [("motie", "21 501-20", [1234], "")]),
        ("Aanhangsel Handelingen II 2020/21, nr. 2412", [("aanhangsel", "", [2412], "2020/21")]),
        (
            "Aanhangsel Handelingen, vergaderjaar 2016–2017, nrs. 2380 en 2381",
            [("aanhangsel", "", [2380, 2381], "2016/17")],
        ),
        ("Kamerstuk 31 934, Nr. 52", [("kamerstuk", "31 934", [52], "")]),
        ("Aanhangsel Handelingen II 2021/22, Nr. 2221", [("aanhangsel", "", [2221], "2021/22")]),
        # A part printed after a space, as running text and footnotes often print it.
        ("Kamerstuk 36 740 XVI, nr. 2", [("kamerstuk", "36 740-XVI", [2], "")]),
        (
            "Kamerstukken II 2022/23, 36 200 XII, nr. 9",
            [("kamerstuk", "36 200-XII", [9], "2022/23")],
        ),
        ("zie 36200 A, nr. 3", [("kamerstuk", "36 200-A", [3], "")]),
        ("de motie Van Dijk (Kamerstuk 36 200 VII, nr. 12)", [("motie", "36 200-VII", [12], "")]),
    ],
)
def test_numbered_references_are_parsed(text, expected):
    found = [(r.kind, r.dossier, r.numbers, r.session) for r in find_references(text)]
    assert found == expected


def test_dated_letters_and_urls_are_references_too():
    found = find_references(
        "In mijn brief van 14 mei 2018 aan uw Kamer, zie https://www.rijksoverheid.nl/a-b."
    )
    assert [(r.kind, r.date, r.url) for r in found] == [
        ("brief", "2018-05-14", ""),
        ("url", None, "https://www.rijksoverheid.nl/a-b"),
    ]


@pytest.mark.django_db(transaction=True)
def test_the_seed_letter_stores_the_kamerstukken_its_footnotes_cite():
    document = document_create(filename="brief.pdf", data=SEED_LETTER_PDF.read_bytes()).document
    document_ingest(document_id=document.pk)
    references = Reference.objects.filter(document=document)
    assert references.filter(kind="kamerstuk", footnote__isnull=False).exists()
    assert all(r.passage_id or r.footnote_id for r in references)
