"""Answer documents (Aanhangsel Handelingen): labels, references, metadata, notices, and
attaching to the question set already stored, in either upload order."""

import pytest

from documents.answer_labels import referred_elsewhere
from documents.models import Document
from documents.pipeline import structure_document
from documents.services import document_create
from documents.spacy_pipeline import referred_numbers
from kamervragen.ingestion.recipe import document_ingest
from kamervragen.models import Link, QuestionSet

INTRO = (
    "Vragen van het lid Heijnen (PvdA) aan de Minister van Binnenlandse Zaken en "
    "Koninkrijksrelaties over het WRR-rapport «Happy Landings, het biometrisch paspoort als "
    "black box» (ingezonden 3 november 2010)."
)
QUESTIONS = [
    "Heeft u kennisgenomen van de publicatie nr. 46 van de Wetenschappelijke Raad voor het "
    "Regeringsbeleid getiteld «Happy Landings, het biometrisch paspoort als black box?",
    "Bent u voornemens een kabinetsreactie te maken op de conclusies van dit rapport? Zo ja, "
    "wanneer kan de Kamer deze reactie tegemoet zien? Zo nee, waarom niet?",
    "Bent u bereid de voorbereidende werkzaamheden voor de bouw van een centrale opslag van "
    "biometrische gegevens op te schorten totdat de Kamer met u over de reactie op dit "
    "WRR-rapport van gedachten heeft kunnen wisselen? Zo nee, waarom niet?",
]


def question_document(zaak: str = "2010Z15780") -> bytes:
    body = "\n\n".join(f"Vraag {n}\n{text}" for n, text in enumerate(QUESTIONS, start=1))
    return f"Tweede Kamer der Staten-Generaal\n{zaak}\n\n{INTRO}\n\n{body}\n".encode()


def answer_document(answers: str, statement: str = "Antwoord van Minister Donner") -> bytes:
    reprint = "\n\n".join(f"Vraag {n}\n{text}" for n, text in enumerate(QUESTIONS, start=1))
    return (
        "Aanhangsel van de Handelingen\n\n"
        f"{INTRO}\n\n{statement} (Binnenlandse Zaken en Koninkrijksrelaties) "
        f"(ontvangen 12 november 2010).\n\n{reprint}\n\n{answers}\n"
    ).encode()


ANSWERS = (
    "Antwoord op vragen 1 en 2\nIk heb kennis genomen van de genoemde publicatie.\n\n"
    "Antwoord op vraag 3\nZie het antwoord op vraag 1."
)


def test_combined_and_referring_answers_are_paired_with_their_numbers():
    structure = structure_document(answer_document(ANSWERS))
    answers = [
        (p.answer_numbers, p.refers_to_numbers) for p in structure.passages if p.role == "answer"
    ]
    assert structure.kind == "answers"
    assert answers == [([1, 2], []), ([3], [1])]
    assert [q.number for q in structure.questions] == [1, 2, 3]


def test_the_answering_minister_and_received_date_are_metadata():
    structure = structure_document(
        answer_document(ANSWERS, statement="Nader antwoord van Minister Donner")
    )
    assert (
        structure.metadata["answered_by"]
        == "Minister Donner (Binnenlandse Zaken en Koninkrijksrelaties)"
    )
    assert structure.metadata["received"] == "2010-11-12"
    assert structure.metadata["nader_antwoord"] is True


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Zie het antwoord op vraag 3.", [3]),
        ("Zie mijn antwoord op de vragen 2 en 4.", [2, 4]),
        ("Zie ook antwoord 2 t/m 4.", [2, 3, 4]),
        (
            "Zie antwoord op vraag 3 Oosenbrug en Bouwmeester (beiden PvdA), ingezonden 25 november"
            " 2016 (Aanhangsel Handelingen, vergaderjaar 2016–2017, nr. 849).",
            [],
        ),
    ],
)
def test_answers_by_reference_keep_only_numbers_in_the_same_document(text, numbers):
    assert referred_numbers(text) == numbers


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "Zie de antwoorden op de vragen 2 en 4 van het lid J. Jansen (VVD) (Aanhangsel "
            "Handelingen II 2016/17, nr. 849). Meer is er niet.",
            [((2, 4), " van het lid J. Jansen (VVD) (Aanhangsel Handelingen II 2016/17, nr. 849)")],
        ),
        ("Zie het antwoord op vraag 3. Kamerstuk 31 934, nr. 52 gaat elders over.", []),
        ("Zie het antwoord op vraag 3 en de brief van 1 juli 2021 (Kamerstuk 31 934, nr. 52).", []),
    ],
)
def test_answers_in_another_paper_keep_their_numbers_and_the_rest_of_their_sentence(text, found):
    assert referred_elsewhere(text) == found


def test_a_postponement_notice_is_a_notice_not_an_answer():
    notice = (
        f"{INTRO}\n\nMededeling van Minister Donner (Binnenlandse Zaken en "
        "Koninkrijksrelaties) (ontvangen 24 november 2010).\n\nDe vragen van het lid Heijnen "
        "kunnen tot mijn spijt niet binnen de gebruikelijke termijn worden beantwoord.\n\n"
        f"Vraag 1\n{QUESTIONS[0]}\n"
    ).encode()
    structure = structure_document(notice)
    assert structure.kind == "notice"
    assert not [p for p in structure.passages if p.role == "answer"]
    assert structure.metadata["statement"] == "mededeling"
    assert structure.questions[0].text == QUESTIONS[0]


def _ingest(name: str, data: bytes) -> Document:
    document = document_create(filename=name, data=data).document
    return document_ingest(document_id=document.pk)


def questions_and_explicit_answers(
    files: list[tuple[str, bytes]], *, reverse: bool
) -> tuple[list[str], list[tuple[int, str]]]:
    """Ingests the files (in reverse order if asked) into one set: its questions' texts and
    its explicit links as (question number, passage text)."""
    for name, data in reversed(files) if reverse else files:
        assert _ingest(name, data).status == "done"
    question_set = QuestionSet.objects.get()
    explicit = Link.objects.filter(method=Link.Method.EXPLICIT).select_related("passage")
    return (
        [q.text for q in question_set.questions.order_by("number")],
        sorted((link.question.number, link.passage.text) for link in explicit),
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("answers_first", [False, True])
def test_an_answer_document_joins_the_question_set_in_either_upload_order(answers_first):
    files = [("vragen.txt", question_document()), ("antwoorden.txt", answer_document(ANSWERS))]
    if answers_first:
        files.reverse()
    documents = [_ingest(name, data) for name, data in files]
    assert [d.status for d in documents] == ["done", "done"]
    assert QuestionSet.objects.count() == 1
    question_set = QuestionSet.objects.get()
    assert question_set.zaak_number == "2010Z15780"
    assert set(Document.objects.values_list("question_sets", flat=True)) == {question_set.pk}
    first = question_set.questions.get(number=1)
    assert first.text == QUESTIONS[0]  # the question document's wording, not the reprint
    answers = Document.objects.get(kind="answers")
    assert answers.metadata["received"] == "2010-11-12"


@pytest.mark.django_db(transaction=True)
def test_a_reprint_in_slightly_different_words_still_finds_the_set():
    _ingest("vragen.txt", question_document())
    reworded = (
        answer_document(ANSWERS)
        .replace(
            b"kennisgenomen van de publicatie nr. 46 van de Wetenschappelijke Raad voor het "
            b"Regeringsbeleid",
            b"kennis genomen van de WRR publicatie nr. 46",
        )
        .replace(b"Bent u voornemens", b"Bent u van plan")
        .replace(b"de bouw", b"het bouwen")
    )
    _ingest("antwoorden.txt", reworded)
    assert QuestionSet.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_answers_to_other_questions_get_a_set_of_their_own():
    _ingest("vragen.txt", question_document())
    other = answer_document(ANSWERS)
    for question in QUESTIONS:
        other = other.replace(question.encode(), question[::-1].encode())
    _ingest("antwoorden.txt", other)
    assert QuestionSet.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_further_answer_is_linked_beside_the_first_answer():
    _ingest("vragen.txt", question_document())
    first = _ingest("antwoorden.txt", answer_document(ANSWERS))
    further = _ingest(
        "nader-antwoord.txt",
        answer_document(
            "Antwoord op vraag 3\nInmiddels is de bouw van de centrale opslag opgeschort.",
            statement="Nader antwoord van Minister Donner",
        ),
    )
    assert QuestionSet.objects.count() == 1
    passage = further.passages.get(role="answer")
    assert passage.is_further_answer
    assert not first.passages.filter(is_further_answer=True).exists()
    question = QuestionSet.objects.get().questions.get(number=3)
    links = Link.objects.filter(question=question, method=Link.Method.EXPLICIT)
    assert {(link.passage.document_id, link.evidence.get("further_answer")) for link in links} == {
        (first.pk, None),
        (further.pk, True),
    }


def test_a_nader_antwoord_label_marks_only_its_own_passage():
    structure = structure_document(
        answer_document(ANSWERS + "\n\nNader antwoord 3\nDe opslag is inmiddels opgeschort.")
    )
    answers = [(p.answer_numbers, p.nader) for p in structure.passages if p.role == "answer"]
    assert answers == [([1, 2], False), ([3], False), ([3], True)]


SHORT_ANSWERS = ["Ja.", "Nee, daartoe ben ik niet voornemens.", "Voor het zomerreces."]


def _answers_without_reprint_or_zaak() -> bytes:
    """Answers that name their questions only in their opening: no zaak number, no reprint."""
    answers = "\n\n".join(
        f"Antwoord op vraag {n}\n\n{answer}" for n, answer in enumerate(SHORT_ANSWERS, start=1)
    )
    return (
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\n"
        "Den Haag, 12 november 2010\n\n"
        "Hierbij beantwoord ik de vragen van het lid Heijnen (PvdA) over het WRR-rapport "
        "«Happy Landings, het biometrisch paspoort als black box».\n\n"
        f"{answers}\n"
    ).encode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("answers_first", [False, True])
def test_answers_that_only_name_their_questions_join_their_set(answers_first):
    """Before, such answers opened a set of their own ("Antwoord op vraag 1", answered, no
    questions) in either upload order, and the questions' set stayed unanswered."""
    files = [
        ("vragen.txt", question_document()),
        ("antwoorden.txt", _answers_without_reprint_or_zaak()),
    ]
    assert questions_and_explicit_answers(files, reverse=answers_first) == (
        QUESTIONS,
        list(enumerate(SHORT_ANSWERS, start=1)),
    )
    question_set = QuestionSet.objects.get()
    assert question_set.answered
    assert question_set.zaak_number == "2010Z15780"
