"""A cell a spreadsheet would run as a formula is exported as text."""

import csv
import io

import pytest
from django.urls import reverse

from documents.models import Document
from kamervragen.models import Link, Question, QuestionSet

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("https://evil.example/?x","Klik")'


@pytest.fixture
def question_set(db):
    letter = Document.objects.create(filename="b.pdf", sha256="b" * 64, kind="letter")
    question_set = QuestionSet.objects.create(
        zaak_number="2023Z11786",
        title=PAYLOAD,
        submitters=[{"name": "@SUM(1+1)", "party": "X"}],
        addressed_to=["+31 minister"],
    )
    question = Question.objects.create(
        question_set=question_set, document=letter, number=1, text="-2+3 dan wel =cmd|' /C calc'!A0"
    )
    passage = letter.passages.create(order=0, text="\tTab voorop", heading="\rKop", page=1)
    Link.objects.create(question=question, passage=passage, method="lexical", score=0.5)
    return question_set


def _rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_set_list_export_neutralises_formulas(client_for, policy_staff, question_set):
    [row] = _rows(client_for(policy_staff).get(reverse("question_set_list_export", args=["csv"])))
    assert row["Onderwerp"] == "'" + PAYLOAD
    assert row["Indieners"].startswith("'@SUM")
    assert row["Gericht aan"] == "'+31 minister"
    assert row["Vragen"] == "1"


def test_the_set_export_neutralises_formulas(client_for, policy_staff, question_set):
    response = client_for(policy_staff).get(
        reverse("question_set_export", args=[question_set.pk, "csv"])
    )
    [row] = _rows(response)
    assert row["Vraagtekst"].startswith("'-2+3")
    assert row["Passage"] == "'\tTab voorop"
    assert row["Kop"] == "'\rKop"
    assert row["Score"] == "0,5"


def test_the_json_export_keeps_the_title_as_it_is(client_for, policy_staff, question_set):
    response = client_for(policy_staff).get(
        reverse("question_set_export", args=[question_set.pk, "json"])
    )
    assert response.json()["title"] == PAYLOAD
