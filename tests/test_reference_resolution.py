"""References resolve to the cited document when it is in the database, whichever of the
two documents arrives first."""

import pytest

from documents.models import Document, Reference
from documents.services import document_create
from kamervragen.ingestion.recipe import document_ingest

LETTER = (
    "31 934 Douane\n\nNr. 52 BRIEF VAN DE STAATSSECRETARIS VAN FINANCIËN\n\n"
    "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 1 juli 2021\n\n"
    "Met deze brief informeer ik uw Kamer over de scanners van de Douane en de uitkomsten "
    "van het onderzoek naar de risico’s van de scan- en detectieapparatuur.\n\n"
    "De Staatssecretaris van Financiën, A. de Vries\n"
)
QUESTIONS = (
    "Tweede Kamer der Staten-Generaal 2021Z01234\n\nVragen van het lid Jansen (VVD) aan de "
    "Staatssecretaris van Financiën over scanners bij de Douane (ingezonden 2 juli 2021).\n\n"
    "Vraag 1\nKent u het bericht over de scanners bij de Douane?\n\n"
    "Vraag 2\nWelke risico’s ziet u bij de scanapparatuur van de Douane?\n"
)
ANSWERS = (
    "Tweede Kamer der Staten-Generaal 2021Z01234\n\nVragen van het lid Jansen (VVD) aan de "
    "Staatssecretaris van Financiën over scanners bij de Douane (ingezonden 2 juli 2021).\n\n"
    "Antwoord van staatssecretaris Vijlbrief (Financiën) (ontvangen 20 juli 2021).\n\n"
    "Vraag 1\nKent u het bericht over de scanners bij de Douane?\n\nAntwoord 1\nJa. Zie de "
    "Kamerbrief van 1 juli 2021 (Kamerstuk 31 934, nr. 52).\n\n"
    "Vraag 2\nWelke risico’s ziet u bij de scanapparatuur van de Douane?\n\nAntwoord 2\n"
    "Zie het antwoord op vraag 1.\n\nah-tk-20202021-3107 ISSN 0921-7398\n"
)
LATER_LETTER = (
    "31 934 Douane\n\nNr. 60 BRIEF VAN DE STAATSSECRETARIS VAN FINANCIËN\n\n"
    "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 1 oktober 2021\n\n"
    "Op de vragen van het lid Jansen (2021Z01234) antwoordde ik eerder (Aanhangsel "
    "Handelingen II 2020/21, nr. 3107) dat de scanners veilig zijn; dat is nog steeds zo.\n\n"
    "De Staatssecretaris van Financiën, A. de Vries\n"
)


def ingest(name: str, text: str) -> Document:
    document = document_create(filename=name, data=text.encode()).document
    return document_ingest(document_id=document.pk)


def resolved(document: Document) -> dict[str, int | None]:
    return {
        r.kind: r.resolved_document_id
        for r in Reference.objects.filter(document=document).exclude(kind="url")
    }


@pytest.mark.django_db(transaction=True)
def test_references_resolve_to_documents_already_there():
    letter = ingest("brief.txt", LETTER)
    questions = ingest("vragen.txt", QUESTIONS)
    answers = ingest("antwoorden.txt", ANSWERS)
    later = ingest("brief-later.txt", LATER_LETTER)
    assert answers.identifiers["aanhangsel_number"] == "3107"
    assert resolved(answers) == {"brief": letter.pk, "kamerstuk": letter.pk}
    assert resolved(later) == {"zaak": questions.pk, "aanhangsel": answers.pk}


@pytest.mark.django_db(transaction=True)
def test_references_resolve_when_the_cited_document_arrives_later():
    later = ingest("brief-later.txt", LATER_LETTER)
    answers = ingest("antwoorden.txt", ANSWERS)
    assert resolved(later) == {"zaak": None, "aanhangsel": answers.pk}
    assert resolved(answers) == {"brief": None, "kamerstuk": None}
    letter = ingest("brief.txt", LETTER)
    questions = ingest("vragen.txt", QUESTIONS)
    assert resolved(answers) == {"brief": letter.pk, "kamerstuk": letter.pk}
    assert resolved(later) == {"zaak": questions.pk, "aanhangsel": answers.pk}


@pytest.mark.django_db(transaction=True)
def test_a_documents_own_zaak_number_is_no_reference_and_unknown_numbers_stay_unresolved():
    questions = ingest("vragen.txt", QUESTIONS)
    ingest("brief.txt", LETTER.replace("Nr. 52", "Nr. 53"))
    answers = ingest("antwoorden.txt", ANSWERS)
    assert not Reference.objects.filter(document=questions, kind="zaak").exists()
    assert resolved(answers)["kamerstuk"] is None


@pytest.mark.django_db(transaction=True)
def test_the_export_names_the_document_a_reference_resolves_to():
    from kamervragen.export import export_all

    letter = ingest("brief.txt", LETTER)
    answers = ingest("antwoorden.txt", ANSWERS)
    exported = next(d for d in export_all()["documents"] if d["id"] == answers.pk)
    kamerstuk = next(r for r in exported["references"] if r["kind"] == "kamerstuk")
    assert kamerstuk == {
        "id": kamerstuk["id"],
        "kind": "kamerstuk",
        "text": "Kamerstuk 31 934, nr. 52",
        "dossier": "31 934",
        "numbers": [52],
        "session": "",
        "date": None,
        "url": "",
        "passage_id": kamerstuk["passage_id"],
        "footnote_id": None,
        "resolved_document_id": letter.pk,
    }
    answer_2 = next(p for p in exported["passages"] if p["answer_numbers"] == [2])
    assert answer_2["refers_to_numbers"] == [1]
