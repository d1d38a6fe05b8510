"""A committee's list of questions and answers ("LIJST VAN VRAGEN EN ANTWOORDEN"): a
Kamerstuk of its own (dossier and number), adopted on a date ("Vastgesteld …"), whose
questions a minister answered by letter. The fixtures are the real lists 31 865, nr. 214
(tweedekamer.nl, "Vraag 1" / "Antwoord op vraag 1:", an answer with sub-headings) and
36 740 XVI, nr. 7 ("Vraag 1" / "Antwoord:"), shortened."""

import datetime
import io
import re
import time
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from documents.models import Document
from documents.pipeline import structure_document
from documents.services import document_create
from kamervragen.ingestion.recipe import document_ingest
from kamervragen.models import Link, QuestionSet
from tests.test_answers_under_a_plain_label import LIST_OF_QUESTIONS

FIXTURES = Path(__file__).parent / "fixtures" / "lists"
LIST_214 = (FIXTURES / "lijst-31865-214.txt").read_bytes()
LIST_7 = (FIXTURES / "lijst-36740-XVI-7.txt").read_bytes()
TITLE_214 = "Lijst van vragen en antwoorden over het proces van de begrotingsbehandeling"


def _ingest(name: str, data: bytes) -> Document:
    document = document_create(filename=name, data=data).document
    return document_ingest(document_id=document.pk)


def test_a_list_is_titled_dated_and_numbered_as_the_kamerstuk_it_is():
    """Before: title '', date None, no identifiers."""
    structure = structure_document(LIST_214)
    assert structure.kind == "answers"
    assert structure.title == TITLE_214
    assert structure.date == "2022-09-15"
    assert structure.identifiers == {
        "kamerstuk_dossier": "31 865",
        "kamerstuk_number": "214",
        "kamerstuk": "31 865, nr. 214",
    }
    meta = structure.metadata
    assert meta["received"] == "2022-09-12"  # "beantwoord bij brief van 12 september 2022"
    assert meta["committee"] == "vaste commissie voor Rijksuitgaven"
    assert meta["addressed_to"] == ["Minister van Financiën"]


def kamerstuk_pdf(text: str, header: str) -> bytes:
    """The text's paragraphs laid out as an officielebekendmakingen Kamerstuk: 9.5 pt body,
    labels and headings bold, a blank line between paragraphs, the running header
    ("Tweede Kamer, vergaderjaar …, 31 865, nr. 214") at the foot of the first page and over
    the others."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    width, height = A4
    y = height - 80
    for paragraph in (p.strip() for p in text.split("\n\n") if p.strip()):
        bold = paragraph.startswith(("Vraag ", "Antwoord", "Nr. ", "LIJST", "31 865"))
        font = "Helvetica-Bold" if bold or paragraph in {"Zvw", "Wlz"} else "Helvetica"
        for line in simpleSplit(paragraph, font, 9.5, width - 160):
            if y < 70:
                canvas.setFont("Helvetica", 7.5)
                canvas.drawString(70, 40, header)
                canvas.showPage()
                canvas.setFont("Helvetica", 7.5)
                canvas.drawString(70, height - 40, header)
                y = height - 80
            canvas.setFont(font, 9.5)
            canvas.drawString(70, y, line)
            y -= 12
        y -= 12
    canvas.setFont("Helvetica", 7.5)
    canvas.drawString(70, 40, header)
    canvas.save()
    return buffer.getvalue()


HEADER_214 = "Tweede Kamer, vergaderjaar 2021–2022, 31 865, nr. 214"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(kamerstuk_pdf(LIST_214.decode(), HEADER_214), id="pdf"),
        pytest.param((FIXTURES / "kst-31865-214.html").read_bytes(), id="html"),
        pytest.param((FIXTURES / "kst-31865-214.xml").read_bytes(), id="xml"),
    ],
)
def test_a_list_as_pdf_or_as_the_official_page_reads_as_its_text(data):
    """The HTML and XML are laid out as officielebekendmakingen.nl lays out a Kamerstuk
    (`tests/fixtures/markup/kst-31934-77.*`), with the list's text."""
    structure = structure_document(data)
    assert (structure.kind, structure.title, structure.date) == ("answers", TITLE_214, "2022-09-15")
    assert structure.identifiers["kamerstuk"] == "31 865, nr. 214"
    assert structure.identifiers["session"] == "2021/22"
    assert structure.metadata["received"] == "2022-09-12"
    intro = [p.text for p in structure.passages if p.role == "introduction"]
    assert intro[0].startswith("De vaste commissie voor Rijksuitgaven heeft")
    assert " ".join(intro[2:]).replace(", ", ",") == (
        "De voorzitter van de commissie,Sneller De griffier van de commissie,Schukkink"
    )
    answers = [(p.answer_numbers, p.heading) for p in structure.passages if p.role == "answer"]
    assert answers == [([1], "Antwoord op vraag 1: Zvw"), ([1], "Antwoord op vraag 1: Wlz")]
    assert [q.number for q in structure.questions] == [1]


def test_a_long_list_as_pdf_keeps_every_question_and_answer_apart_from_the_running_header():
    structure = structure_document(kamerstuk_pdf(generated_list(60).decode(), HEADER_214))
    assert structure.page_count > 5
    assert [q.number for q in structure.questions] == list(range(1, 61))
    answers = [p for p in structure.passages if p.role == "answer"]
    assert [p.answer_numbers for p in answers] == [[n] for n in range(1, 61)]
    assert not any("vergaderjaar" in p.text for p in structure.passages)


def test_a_list_with_its_number_on_a_line_of_its_own_and_a_part_of_the_dossier():
    structure = structure_document(LIST_7)
    assert structure.title == (
        "Lijst van vragen en antwoorden over het rapport Resultaten verantwoordingsonderzoek "
        "2024 bij het Ministerie van Volksgezondheid, Welzijn en Sport"
    )
    assert structure.date == "2025-06-13"
    assert structure.identifiers["kamerstuk"] == "36 740-XVI, nr. 7"
    assert structure.metadata["received"] == "2025-06-12"
    answers = [(p.answer_numbers, p.text[:20]) for p in structure.passages if p.role == "answer"]
    assert answers == [([1], "Voor het IZA is reed"), ([2], "Groothandels en hand")]


@pytest.mark.parametrize(
    ("name", "kamerstuk", "labels"),
    [
        ("lijst-36100-4.txt", "36 100, nr. 4", ["Vraag 1", "Vraag 2"]),
        ("lijst-31235-3.txt", "31 235, nr. 3", ["1", "2", "3"]),
    ],
)
def test_a_list_whose_answers_stand_unlabelled_below_their_questions(name, kamerstuk, labels):
    """The real lists 36 100, nr. 4 ("Vraag 1", the question, the answer) and 31 235, nr. 3
    ("1", …; the dossier's title and the number on lines of their own). Before: a question
    document (or "other") whose questions held their answers."""
    structure = structure_document((FIXTURES / name).read_bytes())
    assert structure.kind == "answers"
    assert structure.identifiers["kamerstuk"] == kamerstuk
    assert structure.title.startswith("Lijst van vragen en antwoorden over het rapport ")
    assert all(q.text.endswith("?") for q in structure.questions)
    answers = [p for p in structure.passages if p.role == "answer"]
    assert [p.heading for p in answers] == labels
    assert [p.answer_numbers for p in answers] == [[n] for n in range(1, len(labels) + 1)]
    assert not answers[0].text.endswith("?")


def test_a_list_numbering_its_answers_as_its_questions():
    """ "Vraag 1" … "Antwoord 1": each answer with its number."""
    text = LIST_7.decode().replace("Antwoord:\n\nVoor", "Antwoord 1\n\nVoor")
    text = text.replace("Antwoord:\n\nGroot", "Antwoord 2\n\nGroot")
    structure = structure_document(text.encode())
    assert structure.title.startswith("Lijst van vragen en antwoorden over het rapport ")
    answers = [(p.answer_numbers, p.heading) for p in structure.passages if p.role == "answer"]
    assert answers == [([1], "Antwoord 1"), ([2], "Antwoord 2")]


def test_a_report_in_the_form_of_a_list_is_titled_after_its_dossier():
    """ "VERSLAG HOUDENDE EEN LIJST VAN VRAGEN EN ANTWOORDEN" says what it is about only in
    the dossier's title."""
    structure = structure_document(LIST_OF_QUESTIONS.encode())
    assert structure.title == (
        "Lijst van vragen en antwoorden over wijziging van de begrotingsstaat van Buitenlandse "
        "Handel en Ontwikkelingssamenwerking (XVII) voor het jaar 2024"
    )
    assert (structure.date, structure.identifiers["kamerstuk"]) == (
        "2024-09-27",
        "36 613-XVII, nr. 3",
    )


@pytest.mark.parametrize("data", [LIST_214, LIST_7])
def test_the_introduction_and_the_committee_lines_are_passages_under_no_heading(data):
    """Before: "Vastgesteld …" was the heading over the introduction, and the committee's
    lines were headings over nothing (dropped)."""
    structure = structure_document(data)
    intro = [p for p in structure.passages if p.role == "introduction"]
    assert [p.heading for p in intro] == ["", "", "", ""]
    assert intro[0].text.startswith("De vaste commissie voor ")
    assert intro[1].text.startswith("De Minister ")
    assert re.match(r"De voorzitter van de commissie, \w+$", intro[2].text)
    assert re.match(r"(?:De g|Adjunct-g)riffier van de commissie, \w+$", intro[3].text)
    texts = [p.text for p in structure.passages]
    assert not any(t.startswith(("Vastgesteld", "Nr.", "LIJST", "31 865", "36 740")) for t in texts)


def test_an_answers_sub_headings_head_its_sections_and_are_no_words_of_it():
    """Before: one passage "Zvw Voor de uitgaven … Wlz Voor de uitgaven …"."""
    structure = structure_document(LIST_214)
    answers = [p for p in structure.passages if p.role == "answer"]
    assert [(p.answer_numbers, p.heading, p.text[:30]) for p in answers] == [
        ([1], "Antwoord op vraag 1: Zvw", "Voor de uitgaven die vallen on"),
        ([1], "Antwoord op vraag 1: Wlz", "Voor de uitgaven die vallen on"),
    ]
    assert answers[0].text.endswith(
        "Over het lopende jaar zijn op dat moment nog geen cijfers bekend."
    )


def test_an_answer_document_keeps_a_short_line_in_its_answer():
    """Only a list's answers have sub-headings: elsewhere a short line stays in the answer."""
    text = LIST_214.decode().replace("LIJST VAN VRAGEN EN ANTWOORDEN", "BRIEF")
    answers = [p for p in structure_document(text.encode()).passages if p.role == "answer"]
    assert len(answers) == 1 and answers[0].text.startswith("Zvw Voor de uitgaven")


@pytest.mark.django_db(transaction=True)
def test_a_list_makes_an_answered_set_titled_and_dated_as_the_list():
    """Before: a set titled '' without a date."""
    document = _ingest("lijst.txt", LIST_214)
    assert document.status == "done"
    assert document.title == TITLE_214
    assert document.date == datetime.date(2022, 9, 15)
    question_set = QuestionSet.objects.get()
    assert question_set.title == TITLE_214
    assert question_set.submitted == datetime.date(2022, 9, 15)
    assert question_set.answered
    assert question_set.answered_on == datetime.date(2022, 9, 12)
    assert question_set.zaak_number is None
    explicit = Link.objects.filter(method=Link.Method.EXPLICIT).select_related("passage")
    assert sorted((link.question.number, link.passage.heading) for link in explicit) == [
        (1, "Antwoord op vraag 1: Wlz"),
        (1, "Antwoord op vraag 1: Zvw"),
    ]


def _yearly_list(number: int, year: int) -> bytes:
    """Next year's list on the annual report repeats last year's questions word for word."""
    return (
        LIST_7.decode()
        .replace("Nr. 7", f"Nr. {number}")
        .replace("13 juni 2025", f"13 juni {year}")
        .replace("Antwoord:\n\nVoor het IZA", f"Antwoord:\n\nIn {year}: voor het IZA")
        .encode()
    )


@pytest.mark.django_db(transaction=True)
def test_two_lists_of_the_same_dossier_stay_two_sets():
    """Before, a later list repeating a list's questions joined its set (reprints)."""
    _ingest("lijst-7.txt", _yearly_list(7, 2025))
    _ingest("lijst-9.txt", _yearly_list(9, 2026))
    assert QuestionSet.objects.count() == 2
    assert sorted(QuestionSet.objects.values_list("submitted__year", "questions__number")) == [
        (2025, 1), (2025, 2), (2026, 1), (2026, 2),
    ]  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_the_same_list_as_text_and_as_pdf_is_one_set_even_with_short_questions():
    """Before, questions under eight words told no set: the PDF opened a set of its own."""
    short = LIST_7.decode().replace(
        "Wat gaat de u doen om het Aanvullend Zorg- en Welzijnsakkoord (AZWA) overzichtelijker "
        "te maken dan het Integraal Zorgakkoord (IZA)? Zodat het ook voor Kamerleden makkelijker "
        "wordt om dit akkoord te controleren?",
        "Wat doet u aan het AZWA?",
    )
    short = re.sub(r"Kunt u uiteenzetten hoe .+?werkt».", "Hoe wordt dit besteed?", short)
    _ingest("lijst.txt", short.encode())
    _ingest(
        "lijst.pdf", kamerstuk_pdf(short, "Tweede Kamer, vergaderjaar 2024–2025, 36 740 XVI, nr. 7")
    )
    assert QuestionSet.objects.count() == 1
    assert QuestionSet.objects.get().documents.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_list_answering_a_letter_is_not_the_letter():
    letter = (
        "31 865 Verbetering verantwoording en begroting\n\n"
        "Nr. 207 BRIEF VAN DE MINISTER VAN FINANCIËN\n\n"
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\n"
        "Den Haag, 13 april 2022\n\n"
        "Met deze brief informeer ik uw Kamer over het proces van de begrotingsbehandeling.\n\n"
        "De Minister van Financiën,\n\nS.A.M. Kaag\n"
    ).encode()
    letter_document = _ingest("brief.txt", letter)
    list_document = _ingest("lijst.txt", LIST_214)
    assert letter_document.kind == "letter"
    assert letter_document.identifiers["kamerstuk"] == "31 865, nr. 207"
    assert list_document.identifiers["kamerstuk"] == "31 865, nr. 214"
    question_set = QuestionSet.objects.get()
    assert list(question_set.documents.all()) == [list_document]
    assert not letter_document.answered_question_sets.exists()


def generated_list(count: int) -> bytes:
    head = LIST_214.decode().split("Vraag 1")[0]
    units = "\n\n".join(
        f"Vraag {n}\n\nHoeveel bedroegen de uitgaven aan regeling {n} in het jaar {2000 + n % 25}"
        f" en hoe verhouden die zich tot de raming in de begroting?\n\nAntwoord op vraag {n}:\n\n"
        f"De uitgaven aan regeling {n} bedroegen {n * 3} miljoen euro. Dat is "
        f"{n % 7} procent meer dan geraamd, door een hogere instroom."
        for n in range(1, count + 1)
    )
    return f"{head}{units}\n".encode()


@pytest.mark.django_db(transaction=True)
def test_a_list_of_three_hundred_questions_is_ingested_in_reasonable_time():
    started = time.monotonic()
    document = _ingest("lijst-300.txt", generated_list(300))
    elapsed = time.monotonic() - started
    question_set = QuestionSet.objects.get()
    assert document.status == "done"
    assert question_set.questions.count() == 300
    explicit = Link.objects.filter(method=Link.Method.EXPLICIT, question__question_set=question_set)
    assert sorted(explicit.values_list("question__number", "passage__answer_numbers")) == [
        (n, [n]) for n in range(1, 301)
    ]
    assert elapsed < 120, elapsed
