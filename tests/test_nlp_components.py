"""The spaCy pipeline and its registered components, on spacy.blank("nl")."""

import pytest
import spacy

from documents.extraction.types import FOOTNOTE_MARK_CLOSE, FOOTNOTE_MARK_OPEN
from documents.models import Passage
from documents.pipeline import structure_document
from documents.reference_patterns import MAY_HOLD_REFERENCE
from documents.references import references_of
from documents.services import document_create
from documents.spacy_pipeline import (
    FOOTNOTE_MARKERS,
    QUESTION_SPLITTER,
    REFERENCE_RULER,
    REFERENCES,
    analyse_line,
    annotate,
    get_nlp,
    may_be_label,
    take_markers,
)
from kamervragen.ingestion.recipe import document_ingest
from tests.conftest import FIXTURES, SEED_LETTER_PDF


def marked(number: int) -> str:
    return f"{FOOTNOTE_MARK_OPEN}{number}{FOOTNOTE_MARK_CLOSE}"


def test_the_pipeline_is_blank_dutch_with_our_versioned_components():
    nlp = get_nlp()
    assert nlp.lang == "nl"
    assert nlp.pipe_names == [
        "sentencizer",
        "lemmatizer",
        FOOTNOTE_MARKERS,
        QUESTION_SPLITTER,
        REFERENCE_RULER,
    ]
    assert all(name.endswith("_v1") for name in nlp.pipe_names[2:])


def test_the_components_can_be_added_to_any_blank_dutch_pipeline():
    nlp = spacy.blank("nl")
    nlp.add_pipe(QUESTION_SPLITTER)
    nlp.add_pipe(REFERENCE_RULER)
    doc = nlp("Zie het antwoord op vraag 3. Zie ook Kamerstuk 31 934, nr. 52.")
    assert doc._.refers_to_numbers == [3]
    assert [(e.label_, e.text) for e in doc.ents] == [("KAMERSTUK", "Kamerstuk 31 934, nr. 52")]


@pytest.mark.parametrize(
    ("line", "label", "nader"),
    [
        ("Vraag 1", ("question", (1,)), False),
        ("Vragen 2, 3 en 8", ("question", (2, 3, 8)), False),
        ("Antwoord op vragen 2 t/m 4", ("answer", (2, 3, 4)), False),
        ("Nader antwoord 4", ("answer", (4,)), True),
        ("5.", ("number", (5,)), False),
        ("Vraag 1 is door de leden gesteld aan de minister van Financiën", None, False),
    ],
)
def test_the_question_splitter_reads_labels(line, label, nader):
    doc = analyse_line(line)
    assert doc._.qa_label == label
    assert doc._.nader is nader


def test_the_question_splitter_reads_the_statement_of_an_answer():
    doc = analyse_line(
        "Nader antwoord van Minister Hoekstra (Buitenlandse Zaken) (ontvangen 20 december 2022)."
    )
    assert doc._.statement == {
        "what": "antwoord",
        "who": "Minister Hoekstra (Buitenlandse Zaken)",
        "received": "2022-12-20",
        "nader": True,
    }


def test_footnote_markers_are_split_off_the_word_they_are_glued_to():
    text = f"Klopt het dat dit niet»?{marked(1)} Het is aangeboden.{marked(2)}"
    doc = analyse_line(text)
    assert [span.label_ for span in doc.spans["footnote_markers"]] == ["1", "2"]
    assert "niet" in [token.text for token in doc]
    assert take_markers(text) == ("Klopt het dat dit niet»? Het is aangeboden.", ["1", "2"])


@pytest.mark.parametrize(
    ("text", "label", "span"),
    [
        ("zie de motie-Brekelmans, Kamerstuk 36 200-V, nr. 26.", "MOTIE", None),
        ("Kamerstukken II 2021/22, 29 911, nr. 379", "KAMERSTUK", None),
        ("Aanhangsel Handelingen II 2021/22, nrs. 2380 en 2381", "AANHANGSEL", None),
        ("Zoals in de Kamerbrief van 1 juli 2021 gemeld.", "BRIEF", "Kamerbrief van 1 juli 2021"),
        ("Zie https://www.rijksoverheid.nl/documenten voor meer.", "URL", None),
    ],
)
def test_the_reference_ruler_finds_references(text, label, span):
    entities = get_nlp()(text).ents
    assert [ent.label_ for ent in entities] == [label]
    if span:
        assert entities[0].text == span


def test_a_year_with_a_number_is_no_kamerstuk():
    assert get_nlp()("In 2021, nr. 3 van de lijst").ents == ()


def test_passages_keep_their_lemmas_and_sentence_starts():
    text = (
        "Vragen van het lid Jansen (VVD) aan de Minister van Financiën over scanners "
        "(ingezonden 1 juli 2023).\n\nVraag 1\nKent u het bericht? Wat vindt u ervan?\n\n"
        "Antwoord 1\nJa. De scanners werden gekocht.\n"
    ).encode()
    answer = next(p for p in structure_document(text).passages if p.role == "answer")
    assert answer.sentence_starts == [0, 4]
    assert answer.lemmas.split() == ["scanner", "kopen"]  # "werden" is a stop word


@pytest.mark.django_db(transaction=True)
def test_stored_passages_carry_sentence_starts_and_lemmas():
    document = document_create(filename="brief.pdf", data=SEED_LETTER_PDF.read_bytes()).document
    document_ingest(document_id=document.pk)
    passage = Passage.objects.filter(document=document, role="body").first()
    assert passage.sentence_starts[0] == 0 and len(passage.sentence_starts) >= 1
    assert passage.lemmas


def fixture_paragraphs() -> list[str]:
    texts = sorted((FIXTURES / "structure").glob("*.txt")) + sorted(
        (FIXTURES / "seeds").glob("*.txt")
    )
    return [
        part.strip()
        for path in texts
        for part in path.read_text().split("\n\n")
        if part.strip() and FOOTNOTE_MARK_OPEN not in part
    ]


@pytest.mark.parametrize(
    "text",
    [
        "zie de motie-Brekelmans, Kamerstuk 36 200-V, nr. 26.",
        "Kamerstukken II 2021/22, 29 911, nr. 379",
        "Aanhangsel Handelingen II 2021/22, nrs. 2380 en 2381",
        "(Kamerstuk 31 934, Nr. 52)",
        "Zoals in de Kamerbrief van 1 juli 2021 gemeld.",
        "Zie https://www.rijksoverheid.nl/documenten voor meer.",
        "de vragen 2023Z11786",
    ],
)
def test_text_with_a_reference_is_never_kept_from_the_reference_ruler(text):
    assert MAY_HOLD_REFERENCE.search(text)
    assert annotate([text])[0].ents


def test_the_ruler_shortcut_misses_no_reference_in_the_fixture_texts():
    paragraphs = fixture_paragraphs()
    with_references = [t for t in paragraphs if references_of(get_nlp()(t))]
    assert len(with_references) > 10
    assert all(MAY_HOLD_REFERENCE.search(text) for text in with_references)
    assert not all(MAY_HOLD_REFERENCE.search(text) for text in paragraphs)


def test_annotating_with_fewer_components_gives_what_the_full_pipeline_gives():
    paragraphs = fixture_paragraphs()
    full = list(get_nlp().pipe(paragraphs, disable=[FOOTNOTE_MARKERS]))
    short = annotate(paragraphs)
    footnote_like = annotate(paragraphs, components=(REFERENCES,))
    for text, whole, part, footnote in zip(paragraphs, full, short, footnote_like, strict=True):
        assert [t.lemma_ for t in part] == [t.lemma_ for t in whole], text
        assert [s.start_char for s in part.sents] == [s.start_char for s in whole.sents], text
        assert [(e.label_, e.text) for e in part.ents] == [(e.label_, e.text) for e in whole.ents]
        assert [(e.label_, e.text) for e in footnote.ents] == [
            (e.label_, e.text) for e in whole.ents
        ]
        assert part._.refers_to_numbers == whole._.refers_to_numbers, text
        assert part._.qa_label == whole._.qa_label, text
        assert part._.statement == whole._.statement, text
    assert sum(bool(doc._.refers_to_numbers) for doc in short) >= 1


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Vraag 12", True),
        ("Antwoord op vragen 2 en 3", True),
        ("Nader antwoord 4", True),
        ("7.", True),
        (
            "Antwoord van staatssecretaris Van Rij (Financiën), mede namens de minister van "
            "Justitie en Veiligheid (ontvangen 3 juli 2023)",
            True,
        ),
        ("Mededeling van minister Hoekstra (ontvangen 4 juli 2023)", True),
        (
            "Vraag 1 is door de leden gesteld aan de minister van Financiën en die van Justitie",
            False,
        ),
        ("Verder merk ik op dat", False),
    ],
)
def test_only_lines_that_may_be_a_label_reach_the_question_splitter(line, expected):
    assert may_be_label(line) is expected
    if not expected:
        doc = analyse_line(line)
        assert doc._.qa_label is None and not doc._.starts_statement
