"""The gold format, `evaluate-links` and `export-gold` on the two seed documents."""

import io
import json

import pytest
from django.core.management import call_command

from documents.models import Passage
from evaluation.link_gold import gold_evaluate, gold_load, normalise, summary
from kamervragen.curation import link_add, link_confirm, link_reject
from kamervragen.linking import DEFAULT
from kamervragen.models import Link, Question
from tests.conftest import FIXTURES, SEED_LETTER_PDF, SEED_QUESTIONS_PDF

pytestmark = pytest.mark.django_db
SEED_GOLD = FIXTURES / "gold" / "2023Z11786-nuctech--31934-scan-en-detectie.json"


@pytest.fixture
def seeds():
    call_command("ingest", str(SEED_QUESTIONS_PDF), str(SEED_LETTER_PDF), sync=True)


def test_normalise_folds_case_quotes_and_spaces():
    assert normalise("De  risico’s\n«goed»") == 'de risico\'s "goed"'


def test_every_seed_gold_phrase_is_found_in_the_ingested_letter(seeds):
    data = gold_load(SEED_GOLD)
    assert set(data["answers"]) == {str(n) for n in range(1, 14)}
    scores, problems = gold_evaluate(data)
    assert problems == []
    assert {s.number for s in scores if not s.answered} == {1, 5, 7, 12}
    assert {s.number for s in scores if s.gold_direct} == {10, 11, 13}


def test_evaluate_links_prints_per_question_and_overall_figures(seeds):
    out = io.StringIO()
    links_before = Link.objects.count()
    call_command("evaluate-links", gold=[str(SEED_GOLD)], stdout=out)
    text = out.getvalue()
    for label in ("hit@1", "hit@3", "mrr", "precision", "unanswered_with_suggestion"):
        assert label in text
    median = int(text.split("median_passage_chars")[1].split()[0])
    assert 100 < median < 1200  # passage-sized, not the whole letter
    assert Link.objects.count() == links_before  # it only reads


def test_export_gold_writes_curated_links_that_evaluate_as_gold(seeds, curator, tmp_path):
    question = Question.objects.get(number=11)
    procurement = Passage.objects.get(text__contains="instrumentarium sinds 2021")
    link_add(question=question, passage=procurement, curator=curator)
    suggested = Link.objects.filter(status=Link.Status.SUGGESTED).first()
    if suggested:
        link_reject(link=suggested, curator=curator)
    confirmed = Link.objects.filter(status=Link.Status.SUGGESTED).first()
    if confirmed:
        link_confirm(link=confirmed, curator=curator)

    call_command("export-gold", output_dir=str(tmp_path), stdout=io.StringIO())
    (path,) = tmp_path.glob("*.json")
    data = json.loads(path.read_text())
    assert data["schema"] == "kamervragen.gold/1"
    grades = {item["grade"] for items in data["answers"].values() for item in items}
    assert 2 in grades
    assert data["answers"]["11"][0]["grade"] == 2
    scores, problems = gold_evaluate(gold_load(path))
    assert problems == []
    assert summary(scores)["questions"] == len(data["answers"])


def test_the_fixture_gold_meets_the_linking_targets():
    """Every phrase of every gold file is found, and the implicit links meet the targets:
    hit@3 ≥ 0.9, precision ≥ 0.8, silence on ≥ 80% of the questions nothing answers."""
    linking = FIXTURES / "linking"
    paths = [*linking.glob("*-vragen.txt"), *linking.glob("*-brief.txt"), *linking.glob("kst-*")]
    seeds = [SEED_QUESTIONS_PDF, SEED_LETTER_PDF]
    call_command("ingest", *map(str, [*sorted(paths), *seeds]), sync=True)
    gold_files = sorted((FIXTURES / "gold").glob("*.json"))
    assert len(gold_files) >= 20
    scores = []
    for path in gold_files:
        file_scores, problems = gold_evaluate(gold_load(path))
        assert problems == [], path.name
        assert file_scores, path.name
        scores.extend(file_scores)
    figures = summary(scores)
    assert figures["with_direct_answer"] >= 35
    assert figures["hit@3"] >= 0.9
    assert figures["precision"] >= 0.8
    assert figures["unanswered_silent"] >= 0.8


def test_explicit_links_on_every_golden_answer_document_are_all_right():
    """Each answered question is linked to its own answer (and nothing else explicitly)."""
    gold_files = sorted((FIXTURES / "gold-explicit").glob("*.txt.json"))
    assert len(gold_files) >= 20
    call_command(
        "ingest",
        *(str(FIXTURES / "structure" / path.name.removesuffix(".json")) for path in gold_files),
        sync=True,
    )
    scores = []
    for path in gold_files:
        file_scores, problems = gold_evaluate(gold_load(path), [Link.Method.EXPLICIT])
        assert problems == [], path.name
        scores.extend(file_scores)
    figures = summary(scores)
    assert figures["with_direct_answer"] == figures["questions"] >= 50
    assert figures["hit@1"] == 1.0
    assert figures["precision"] == 1.0
    assert figures["suggestions"] == figures["questions"]


def test_calibrate_links_prints_the_figures_per_threshold_and_changes_nothing(seeds):
    links_before = sorted(Link.objects.values_list("pk", "score", "status"))
    out = io.StringIO()
    call_command("calibrate-links", gold=[str(SEED_GOLD)], thresholds=[0.1, 0.4, 0.9], stdout=out)
    rows = [line.split() for line in out.getvalue().splitlines() if line[:1] == " "]
    assert [row[0] for row in rows] == ["0.10", "0.40", "0.90"]
    suggestions = [int(row[4]) for row in rows]
    assert suggestions == sorted(suggestions, reverse=True)  # a higher threshold keeps fewer
    assert suggestions[0] > suggestions[-1]
    assert rows[1][-1] == "*"  # the threshold in use
    assert sorted(Link.objects.values_list("pk", "score", "status")) == links_before
    assert DEFAULT.min_score == 0.4
