"""Statuses that tell the truth: reply letters answer, answers give the submission date, a
notice waits for its questions, the overdue list groups per ministry; and the status is read
from stored, indexed columns, not counted per row."""

import datetime
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from documents.models import Document
from documents.pipeline import structure_document
from kamervragen.ingestion.question_sets import question_set_status_refresh
from kamervragen.ministries import ministry_of
from kamervragen.models import Question, QuestionSet
from tests.conftest import FIXTURES

LINKING = FIXTURES / "linking"
STRUCTURE = FIXTURES / "structure"
REPLY_QUESTIONS = LINKING / "2016Z22257-vragen.txt"  # submitted 25 November 2016
REPLY_LETTER = LINKING / "2016Z22257-brief.txt"  # "Den Haag, 23 december 2016", declares it
ANSWERS_2791 = STRUCTURE / "ah-tk-20142015-2791.txt"  # "(ingezonden 17 juni 2015)"
NOTICE = STRUCTURE / "onb-2009-01-13-uitstel-leijten.txt"  # "…, ingezonden op 22 december 2008"

pytestmark = pytest.mark.django_db


def _ingest(*paths) -> None:
    call_command("ingest", *(str(p) for p in paths), sync=True)


@pytest.mark.parametrize("letter_first", [False, True])
def test_a_set_answered_by_a_reply_letter_is_answered_on_the_letters_date(
    client_for, policy_staff, letter_first
):
    _ingest(*([REPLY_LETTER, REPLY_QUESTIONS] if letter_first else [REPLY_QUESTIONS, REPLY_LETTER]))
    question_set = QuestionSet.objects.get(zaak_number="2016Z22257")
    letter = Document.objects.get(filename__contains="brief")
    client = client_for(policy_staff)
    html = client.get(reverse("question_set_detail", args=[question_set.pk])).content.decode()
    assert 'data-status="answered"' in html
    assert "na 28 dagen" in html  # 25 November to 23 December
    assert reverse("documents:detail", args=[letter.pk]) in html  # in the document line
    assert "Antwoordbrief 23 december 2016" in html
    question_set.refresh_from_db()
    assert list(question_set.reply_letters.all()) == [letter]
    assert (question_set.answered, question_set.answered_on) == (True, datetime.date(2016, 12, 23))
    listed = client.get(reverse("question_set_list"), {"status": "answered"})
    assert [s.zaak_number for s in listed.context["question_sets"]] == ["2016Z22257"]


def test_reprocessing_a_letter_that_no_longer_declares_the_set_reopens_it(clerk):
    _ingest(REPLY_QUESTIONS, REPLY_LETTER)
    letter = Document.objects.get(filename__contains="brief")
    from kamervragen.ingestion.question_sets import reply_letters_record

    reply_letters_record(letter, [])
    question_set = QuestionSet.objects.get(zaak_number="2016Z22257")
    assert (question_set.answered, question_set.answered_on) == (False, None)


def test_an_answer_document_gives_its_set_the_submission_date_and_deadline(
    client_for, policy_staff
):
    _ingest(ANSWERS_2791)
    question_set = QuestionSet.objects.get()
    assert question_set.submitted == datetime.date(2015, 6, 17)
    assert question_set.due == datetime.date(2015, 7, 8)
    assert (question_set.answered, question_set.answered_on) == (True, datetime.date(2015, 7, 2))
    client = client_for(policy_staff)
    found = client.get(reverse("question_set_list"), {"year": "2015"}).context["question_sets"]
    assert [s.pk for s in found] == [question_set.pk]
    html = client.get(reverse("question_set_detail", args=[question_set.pk])).content.decode()
    assert "ingezonden 17 juni 2015" in html
    assert "na 15 dagen" in html


def test_an_answer_that_only_notes_the_submission_date_still_gives_it():
    structure = structure_document(
        b"Antwoord op vragen van het lid Van Raak over de chip in de kentekenplaat "
        b"(ingezonden 17 juni 2015).\n\nVraag 1\nBent u bekend met het bericht over de chip in "
        b"de kentekenplaat van alle auto's?\n\nAntwoord 1\nJa, daar ben ik mee bekend en ik heb "
        b"het gelezen.\n\nVraag 2\nHoeveel auto's hebben een chip in de kentekenplaat?\n\n"
        b"Antwoord 2\nDat is niet bekend bij de RDW en ook niet bij mij.\n"
    )
    assert structure.kind == "answers"
    assert structure.metadata["submitted"] == "2015-06-17"
    assert structure.title == "De chip in de kentekenplaat"


def test_a_set_without_a_zaak_number_says_so_not_its_id(client_for, policy_staff):
    QuestionSet.objects.create(pk=4711, title="Zonder zaaknummer zeker weten")
    html = client_for(policy_staff).get(reverse("question_set_list")).content.decode()
    row = html[html.index('id="set-4711"') :]
    row = row[: row.index("</tr>")]
    assert ">zonder zaaknummer</a>" in row
    assert ">4711<" not in row


LEIJTEN_QUESTIONS = (
    "Tweede Kamer der Staten-Generaal\n\n"
    "Vragen van het lid Leijten (SP) aan de Staatssecretaris van Volksgezondheid, Welzijn en "
    "Sport over de gehandicapteninstellingen Amerpoort en Sherpa (ingezonden 22 december "
    "2008).\n\n"
    "Vraag 1\nBent u bekend met de berichten over de zorg in de instellingen Amerpoort en "
    "Sherpa voor mensen met een verstandelijke beperking?\n\n"
    "Vraag 2\nWelke maatregelen neemt de inspectie bij Amerpoort en Sherpa nu de zorg daar "
    "tekortschiet volgens het rapport?\n"
)


def test_a_postponement_notice_before_its_questions_waits_for_them(
    client_for, policy_staff, tmp_path
):
    _ingest(NOTICE)
    waiting = QuestionSet.objects.get()
    assert waiting.submitted == datetime.date(2008, 12, 22)
    assert (waiting.postponed, waiting.questions_missing) == (True, True)
    client = client_for(policy_staff)
    html = client.get(reverse("question_set_list")).content.decode()
    row = html[html.index(f'id="set-{waiting.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "vragen nog niet geüpload" in row
    assert "0 / 0" not in row
    assert 'data-status="open"' not in row

    questions = tmp_path / "vragen-leijten.txt"
    questions.write_text(LEIJTEN_QUESTIONS)
    _ingest(questions)
    question_set = QuestionSet.objects.get()  # the notice's set, not a second one
    assert question_set.pk == waiting.pk
    assert question_set.title == "De gehandicapteninstellingen Amerpoort en Sherpa"
    assert question_set.questions.count() == 2
    assert question_set.questions_missing is False
    assert question_set.due == datetime.date(2008, 12, 22) + timedelta(weeks=6)
    assert set(question_set.documents.values_list("kind", flat=True)) == {"notice", "questions"}


def test_a_notice_after_its_questions_joins_them_by_title(tmp_path):
    questions = tmp_path / "vragen-leijten.txt"
    questions.write_text(LEIJTEN_QUESTIONS)
    _ingest(questions, NOTICE)
    question_set = QuestionSet.objects.get()
    assert question_set.postponed is True
    assert set(question_set.documents.values_list("kind", flat=True)) == {"notice", "questions"}


def test_a_title_of_another_submission_date_is_another_set(tmp_path):
    questions = tmp_path / "vragen-leijten.txt"
    questions.write_text(LEIJTEN_QUESTIONS.replace("22 december", "3 maart"))
    _ingest(questions, NOTICE)
    assert QuestionSet.objects.count() == 2


@pytest.mark.parametrize(
    ("addressee", "ministry"),
    [
        ("Minister van Justitie en Veiligheid", "Justitie en Veiligheid"),
        ("Staatssecretaris van Justitie en Veiligheid", "Justitie en Veiligheid"),
        ("Minister voor Rechtsbescherming", "Justitie en Veiligheid"),
        ("Staatssecretaris van Financiën - Fiscaliteit en Belastingdienst", "Financiën"),
        ("staatssecretaris van Financiën", "Financiën"),
        ("Minister-President", "Algemene Zaken"),
    ],
)
def test_every_title_of_a_ministry_gives_the_ministry(addressee, ministry):
    assert ministry_of(addressee) == ministry


def _overdue_set(zaak: str, addressed_to: list[str], days: int) -> QuestionSet:
    question_set = QuestionSet.objects.create(
        zaak_number=zaak,
        title=f"Vragen {zaak}",
        addressed_to=addressed_to,
        submitted=timezone.localdate() - timedelta(days=days),
    )
    question_set_status_refresh([question_set.pk])
    return question_set


def test_the_overdue_list_says_open_past_the_deadline_and_groups_per_ministry(
    client_for, policy_staff
):
    _overdue_set("2024Z00001", ["Minister van Justitie en Veiligheid"], 40)
    _overdue_set("2024Z00002", ["Staatssecretaris van Justitie en Veiligheid"], 60)
    _overdue_set("2024Z00003", ["Minister van Financiën"], 50)
    _overdue_set("2024Z00004", ["Minister van Financiën"], 5)  # not yet due
    response = client_for(policy_staff).get(reverse("overdue_by_ministry"))
    html = response.content.decode()
    assert "Open na de termijn" in html
    assert "Te laat beantwoord" not in html
    groups = [
        (g.ministry, [s.zaak_number for s in g.question_sets])
        for g in response.context["ministries"]
    ]
    assert groups == [
        ("Justitie en Veiligheid", ["2024Z00002", "2024Z00001"]),  # longest overdue first
        ("Financiën", ["2024Z00003"]),
    ]


def test_the_overdue_list_shows_the_longest_overdue_and_pages_the_rest(client_for, policy_staff):
    for n in range(12):
        _overdue_set(f"2024Z{n:05}", ["Minister van Financiën"], 30 + n)
    client = client_for(policy_staff)
    (group,) = client.get(reverse("overdue_by_ministry")).context["ministries"]
    assert (group.count, len(group.question_sets)) == (12, 10)
    assert group.question_sets[0].zaak_number == "2024Z00011"
    html = client.get(reverse("overdue_by_ministry")).content.decode()
    assert "ministerie=Financi%C3%ABn" in html and "Alle 12 tonen" in html
    one = client.get(reverse("overdue_by_ministry"), {"ministerie": "Financiën"})
    assert len(one.context["ministries"][0].question_sets) == 12
    assert client.get(reverse("overdue_by_ministry"), {"ministerie": "Niets"}).status_code == 404


def test_the_set_list_counts_only_the_rows_it_shows(client_for, policy_staff):
    """The list no longer groups every set's questions and links before paging (issue #15):
    the rows come from the stored columns, the counts for the page's rows only."""
    document = Document.objects.create(filename="v.pdf", sha256="v" * 64, kind="questions")
    for n in range(30):
        question_set = QuestionSet.objects.create(
            zaak_number=f"2024Z{n:05}", submitted=timezone.localdate() - timedelta(days=n)
        )
        Question.objects.create(question_set=question_set, document=document, number=1, text="x")
    QuestionSet.objects.update(questions_missing=False)
    client = client_for(policy_staff)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("question_set_list"), {"status": "open"})
    rows = response.context["question_sets"]
    assert len(rows) == 25 and all(s.question_count == 1 for s in rows)
    listing = [q["sql"] for q in queries.captured_queries if "kamervragen_questionset" in q["sql"]]
    (page,) = [sql for sql in listing if "LIMIT 25" in sql]
    assert "GROUP BY" not in page and "COUNT(" not in page
    (total,) = [sql for sql in listing if sql.startswith("SELECT COUNT(*)")]
    assert "GROUP BY" not in total and "kamervragen_link" not in total
    counted = [sql for sql in listing if "COUNT(DISTINCT" in sql]
    assert len(counted) == 1 and " IN (" in counted[0]  # the page's 25 rows only


def test_refresh_statuses_records_reply_letters_of_an_older_database():
    _ingest(REPLY_QUESTIONS, REPLY_LETTER)
    question_set = QuestionSet.objects.get(zaak_number="2016Z22257")
    question_set.reply_letters.clear()  # as before reply letters were recorded
    QuestionSet.objects.update(answered=False, answered_on=None, due=None)
    out = io.StringIO()
    call_command("refresh-statuses", stdout=out)
    assert "1 beantwoord" in out.getvalue()
    question_set.refresh_from_db()
    assert (question_set.answered, question_set.answered_on) == (True, datetime.date(2016, 12, 23))
    assert question_set.due == datetime.date(2016, 12, 16)


def test_a_submission_date_corrected_in_the_admin_moves_the_deadline(admin_client):
    question_set = QuestionSet.objects.create(zaak_number="2024Z00001", title="Vragen")
    url = reverse("admin:kamervragen_questionset_change", args=[question_set.pk])
    response = admin_client.post(
        url,
        {
            "zaak_number": "2024Z00001",
            "title": "Vragen",
            "submitted": "2024-03-01",
            "submitters": "[]",
            "addressed_to": "[]",
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
            "questions-MIN_NUM_FORMS": "0",
            "questions-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    question_set.refresh_from_db()
    assert question_set.due == datetime.date(2024, 3, 22)
