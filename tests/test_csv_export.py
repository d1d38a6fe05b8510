"""The CSV exports open in Dutch Excel as they are: ";" between cells, UTF-8 with a BOM,
Dutch headers, every question (the unanswered too) and no rejected link."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.models import Document
from kamervragen.models import Link, Question, QuestionSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def question_set(db):
    letter = Document.objects.create(filename="b.pdf", sha256="b" * 64, kind="letter")
    question_set = QuestionSet.objects.create(
        zaak_number="2023Z11786",
        title="Röntgencamera’s bij de douane",
        submitters=[{"name": "Rajkowski", "party": "VVD"}],
    )
    answered, unanswered, only_rejected = (
        Question.objects.create(
            question_set=question_set, document=letter, number=number, text=text
        )
        for number, text in [
            (1, "Gebruikt de douane scanners?"),
            (2, "Wanneer worden ze vervangen?"),
            (3, "Kent u het bericht?"),
        ]
    )
    passages = [
        letter.passages.create(order=order, text=text, page=1)
        for order, text in enumerate(["Ja, in Rotterdam.", "Dit is een verkeerde passage."])
    ]
    Link.objects.create(
        question=answered, passage=passages[0], method="lexical", score=0.8125,
        status=Link.Status.CONFIRMED,
    )  # fmt: skip
    Link.objects.create(
        question=answered, passage=passages[1], method="lexical", score=0.3,
        status=Link.Status.REJECTED,
    )  # fmt: skip
    Link.objects.create(
        question=only_rejected, passage=passages[1], method="lexical", score=0.4,
        status=Link.Status.REJECTED,
    )  # fmt: skip
    return question_set


def _read(response) -> tuple[str, list[dict]]:
    body = response.content.decode("utf-8")
    return body, list(csv.DictReader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))


def test_a_set_exports_every_question_and_no_rejected_link(client_for, policy_staff, question_set):
    response = client_for(policy_staff).get(
        reverse("question_set_export", args=[question_set.pk, "csv"])
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body, rows = _read(response)
    assert body.startswith("\ufeffVraag;Vraagtekst;Document;Kop;Pagina;Status koppeling;")
    assert [(row["Vraag"], row["Passage"]) for row in rows] == [
        ("1", "Ja, in Rotterdam."),
        ("2", ""),
        ("3", ""),
    ]
    assert rows[0]["Status koppeling"] == "Bevestigd"
    assert rows[0]["Methode"] == "Overeenkomende termen"
    assert rows[0]["Score"] == "0,8125"
    assert "verkeerde passage" not in body


def test_the_set_list_exports_for_dutch_excel(client_for, policy_staff, question_set):
    response = client_for(policy_staff).get(reverse("question_set_list_export", args=["csv"]))
    body, [row] = _read(response)
    assert body.startswith("\ufeffId;Zaaknummer;Onderwerp;Ingezonden;Status;")
    assert row["Onderwerp"] == "Röntgencamera’s bij de douane"
    assert row["Indieners"] == "Rajkowski (VVD)"
    assert row["Status"] == "Open"
    assert row["Vragen"] == "3"


def test_the_json_exports_keep_their_field_names(client_for, policy_staff, question_set):
    client = client_for(policy_staff)
    data = client.get(reverse("question_set_export", args=[question_set.pk, "json"])).json()
    assert data["schema"] == "kamervragen.set/1"
    assert {"id", "number", "text", "footnotes", "links", "candidates"} <= set(data["questions"][0])
    listed = client.get(reverse("question_set_list_export", args=["json"])).json()
    assert listed["schema"] == "kamervragen.sets/1"
    assert {"zaak", "title", "status", "questions"} <= set(listed["question_sets"][0])


def test_the_json_exports_download_under_a_name_as_the_csv_ones_do(
    client_for, policy_staff, question_set
):
    client = client_for(policy_staff)
    name = question_set.zaak_number or f"vragenset-{question_set.pk}"
    one = client.get(reverse("question_set_export", args=[question_set.pk, "json"]))
    assert one["Content-Disposition"] == f'attachment; filename="{name}.json"'
    listed = client.get(reverse("question_set_list_export", args=["json"]))
    assert listed["Content-Disposition"] == 'attachment; filename="vragensets.json"'
    assert "Röntgencamera’s" in listed.content.decode()  # UTF-8, as the set's export


def test_a_set_exports_at_its_zaak_number_as_at_its_id(client_for, policy_staff, question_set):
    client = client_for(policy_staff)
    by_id = client.get(reverse("question_set_export", args=[question_set.pk, "csv"]))
    key = question_set.zaak_number.lower()  # any case, as the set's page takes it
    by_zaak = client.get(f"/vragen/{key}/export.csv")
    assert by_zaak.status_code == 200
    assert by_zaak.content == by_id.content
    assert by_zaak["Content-Disposition"] == by_id["Content-Disposition"]


def test_a_submitter_without_a_known_party_is_listed_without_empty_brackets(
    client_for, policy_staff, question_set
):
    """Sets of older documents name members without their party ('Renske Leijten, Henk
    van Gerven'): the list exported them as 'Renske Leijten ()'."""
    question_set.submitters = [
        {"name": "Renske Leijten", "party": ""},
        {"name": "Henk van Gerven"},
        {"name": "Rajkowski", "party": "VVD"},
    ]
    question_set.save(update_fields=["submitters"])
    response = client_for(policy_staff).get(reverse("question_set_list_export", args=["csv"]))
    _body, [row] = _read(response)
    assert row["Indieners"] == "Renske Leijten; Henk van Gerven; Rajkowski (VVD)"


def _set_with(zaak: str, **columns) -> QuestionSet:
    """A set with its stored status columns given (as `question_set_status_refresh` would
    write them from its documents)."""
    return QuestionSet.objects.create(zaak_number=zaak, title=f"Vragen {zaak}", **columns)


def _rows_by_zaak(client) -> dict[str, dict]:
    _body, rows = _read(client.get(reverse("question_set_list_export", args=["csv"])))
    return {row["Zaaknummer"]: row for row in rows}


def test_the_set_list_names_each_status_as_the_pages_do(client_for, policy_staff, db):
    """The CSV said "Te laat" where the pages say "Open na de termijn", and wrote a set
    still awaiting its questions as "awaiting"."""
    today = timezone.localdate()
    _set_with("2024Z00001", submitted=today - timedelta(days=40), due=today - timedelta(days=19))
    _set_with(
        "2024Z00002",
        submitted=today - timedelta(days=10),
        due=today + timedelta(days=11),
        questions_missing=True,
    )
    client = client_for(policy_staff)
    rows = _rows_by_zaak(client)
    assert rows["2024Z00001"]["Status"] == "Open na de termijn"
    assert rows["2024Z00002"]["Status"] == "Open · vragen nog niet geüpload"
    page = client.get(reverse("question_set_list")).content.decode()
    for row in rows.values():
        assert row["Status"] in page


def test_days_past_the_term_are_empty_when_unknown_and_run_to_the_answer(
    client_for, policy_staff, db
):
    """ "Dagen over de termijn" was 0 for every answered set, also one answered late or one
    without a due date (no submission date, no term given), and for an open set without
    one: where the days cannot be counted the cell is empty; a late answer counts them to
    the answer's date, not to today."""
    today = timezone.localdate()
    submitted = today - timedelta(days=100)
    _set_with(
        "2024Z00001",
        submitted=submitted,
        due=submitted + timedelta(days=21),
        answered=True,
        answered_on=submitted + timedelta(days=30),
    )
    _set_with(
        "2024Z00002",
        submitted=submitted,
        due=submitted + timedelta(days=21),
        answered=True,
        answered_on=submitted + timedelta(days=15),
    )
    _set_with("2024Z00003", answered=True, answered_on=today - timedelta(days=5))
    _set_with("2024Z00004", submitted=submitted, due=submitted + timedelta(days=21), answered=True)
    _set_with("2024Z00005")
    _set_with("2024Z00006", submitted=submitted, due=submitted + timedelta(days=21))
    rows = _rows_by_zaak(client_for(policy_staff))
    days = {zaak: row["Dagen over de termijn"] for zaak, row in rows.items()}
    assert days == {
        "2024Z00001": "9",  # answered nine days late
        "2024Z00002": "0",  # answered in time
        "2024Z00003": "",  # answered, but no due date
        "2024Z00004": "",  # answered, on an unknown day
        "2024Z00005": "",  # open, no due date
        "2024Z00006": "79",  # open and past the term: to today
    }


def test_a_set_exports_the_method_the_link_shows(client_for, policy_staff, question_set):
    """A link a reply letter's order placed reads "Volgorde van de brief" on the pages; the
    CSV said "Overeenkomende termen" (its stored method, lexical)."""
    Link.objects.filter(status=Link.Status.CONFIRMED).update(evidence={"reply": "order"})
    response = client_for(policy_staff).get(
        reverse("question_set_export", args=[question_set.pk, "csv"])
    )
    _body, rows = _read(response)
    assert rows[0]["Methode"] == "Volgorde van de brief"
