"""Linking v2: terms, explicit and source links, and curation that re-linking never touches."""

from dataclasses import replace

import pytest
from django.core.management import call_command

from documents.models import Passage
from kamervragen.curation import link_add, link_confirm, link_reject
from kamervragen.linking import (
    DEFAULT,
    links_suggest_for_document,
    links_suggest_for_questions,
    question_terms,
    split_compound,
)
from kamervragen.models import Link, LinkEvent, Question
from tests.conftest import FIXTURES, SEED_LETTER_PDF, SEED_QUESTIONS_PDF

SYNTHETIC_ANSWERS = FIXTURES / "linking" / "antwoorden-2023Z11786-synthetisch.txt"


def test_compounds_are_split_into_known_dutch_words():
    assert split_compound("detectieapparatuur") == ("detectie", "apparatuur")
    assert split_compound("veiligheidsrisico") == ("veiligheid", "risico")
    assert split_compound("veiligheid") == ()  # a common word stays whole
    assert split_compound("oordeelt") == ()  # not oord + eelt
    assert split_compound("constateringen") == ()  # a common word's plural: not cons + tate …
    assert split_compound("veiligheidsscanners") == ("veiligheid", "scanners")


@pytest.mark.django_db
def test_the_question_genre_and_a_quoted_title_leave_no_terms():
    terms = question_terms("Bent u bekend met het bericht «Chinese scanners bij de douane»?")
    assert terms.weights == {}
    assert question_terms("Zo nee, waarom niet?").weights == {}


@pytest.mark.django_db
def test_names_and_rare_words_weigh_more_than_common_words():
    weights = question_terms("Hoeveel Nuctech-scanners gebruikt de douane in de haven?").weights
    assert weights["nuctech"] > weights["douan"] > weights["hav"]


@pytest.mark.django_db
def test_numbered_answers_become_explicit_links_and_footnotes_source_links():
    call_command("ingest", str(SEED_QUESTIONS_PDF), str(SYNTHETIC_ANSWERS), sync=True)
    explicit = {
        (link.question.number, tuple(link.passage.answer_numbers))
        for link in Link.objects.filter(method=Link.Method.EXPLICIT).select_related(
            "question", "passage"
        )
    }
    assert explicit == {(1, (1,)), (2, (2, 3)), (3, (2, 3)), (4, (4,))}
    assert all(link.score == 1.0 for link in Link.objects.filter(method=Link.Method.EXPLICIT))
    sources = Link.objects.filter(method=Link.Method.SOURCE).select_related("question")
    assert sorted(link.question.number for link in sources) == [1, 5]


@pytest.mark.django_db
def test_an_answer_that_refers_to_another_links_its_question_to_that_answer_too(tmp_path):
    referring = tmp_path / "antwoorden-verwijzing.txt"
    referring.write_text(
        SYNTHETIC_ANSWERS.read_text()
        + "\nVraag 5\nKunt u bevestigen dat de Voorzitter van de Europese Commissie dat schreef?"
        + "\n\nAntwoord 5\nZie het antwoord op vraag 4.\n"
    )
    call_command("ingest", str(SEED_QUESTIONS_PDF), str(referring), sync=True)
    targets = {
        tuple(link.passage.answer_numbers): link.evidence
        for link in Link.objects.filter(method=Link.Method.EXPLICIT, question__number=5)
    }
    assert set(targets) == {(5,), (4,)}
    assert targets[(4,)]["referred_from"] == 5


@pytest.mark.django_db
def test_answers_arriving_before_the_questions_are_linked_explicitly_too():
    call_command("ingest", str(SYNTHETIC_ANSWERS), str(SEED_QUESTIONS_PDF), sync=True)
    numbers = sorted(
        Link.objects.filter(method=Link.Method.EXPLICIT).values_list("question__number", flat=True)
    )
    assert numbers == [1, 2, 3, 4]


@pytest.mark.django_db
def test_relinking_leaves_confirmed_rejected_and_manual_links_exactly_as_they_are(curator):
    call_command("ingest", str(SEED_QUESTIONS_PDF), str(SEED_LETTER_PDF), sync=True)
    # Threshold 0: every candidate is a suggestion, enough of them to curate.
    links_suggest_for_questions(Question.objects.all(), config=replace(DEFAULT, threshold=0.0))
    suggested = list(Link.objects.filter(method=Link.Method.LEXICAL).order_by("pk"))
    assert len(suggested) >= 2
    link_confirm(link=suggested[0], curator=curator)
    link_reject(link=suggested[1], curator=curator)
    question = Question.objects.get(number=12)  # nothing in the letter answers it
    unrelated = Passage.objects.get(text__startswith="Dit gebeurt per casus")
    # At threshold 0 the model may already have suggested it: then the manual link keeps
    # that suggestion's event.
    machine = Link.objects.filter(question=question, passage=unrelated).exists()
    link_add(question=question, passage=unrelated, curator=curator, note="test")
    Link.objects.filter(pk__in=[suggested[0].pk, suggested[1].pk]).update(score=0.01)

    def snapshot():
        return {
            link.pk: (link.status, link.score, link.method, link.evidence, link.curated_by_id,
                      link.curated_at, link.updated_at, link.events.count())
            for link in Link.objects.exclude(curated_by__isnull=True)
        }  # fmt: skip

    before = snapshot()
    assert len(before) == 3
    links_suggest_for_questions(Question.objects.all())
    links_suggest_for_document(unrelated.document)
    call_command("relink", "--without", "pairs", "idf")
    assert snapshot() == before
    assert not DEFAULT.without  # switched off for that relink only
    assert LinkEvent.objects.filter(link_id__in=before, actor__isnull=True).count() == 2 + machine


@pytest.mark.django_db
def test_relinking_withdraws_only_untouched_suggestions_it_no_longer_makes(suggesting_model):
    call_command("ingest", str(SEED_QUESTIONS_PDF), str(SEED_LETTER_PDF), sync=True)

    def lexical():
        return set(Link.objects.filter(method=Link.Method.LEXICAL).values_list("pk", "score"))

    at_ingest = lexical()
    assert at_ingest
    # Relinking from the questions' side retrieves per question; a new letter retrieves
    # the questions sharing two of a passage's rarest words: a subset, never more.
    call_command("relink")
    after_relink = lexical()
    assert at_ingest <= after_relink
    call_command("relink")
    assert lexical() == after_relink
