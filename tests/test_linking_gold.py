"""The gold format, `evaluate-links` and `export-gold` on the two seed documents."""

import io
import json

import pytest
from django.core.management import call_command

from documents.models import Passage
from evaluation.link_gold import gold_evaluate, gold_load, normalise, summary
from kamervragen.curation import link_add, link_confirm, link_reject
from kamervragen.linking import DEFAULT
from kamervragen.linking.model import link_model
from kamervragen.models import Link, Question
from tests.conftest import FIXTURES, SEED_LETTER_PDF, SEED_QUESTIONS_PDF

pytestmark = pytest.mark.django_db
ROOT = FIXTURES.parent.parent
HELD_OUT_STRUCTURE = ["2022Z04510", "2021Z09213", "ah-tk-20202021-3233", "ah-tk-20192020-1091"]
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


def test_the_held_out_split_keeps_its_measured_figures():
    """Every phrase of every test-split gold file is found, and the linking keeps the
    figures measured on that split once, after the model was frozen (README, "Measuring the
    linking"). They fall short of the issue's targets (hit@3 ≥ 0.9 per kind): these floors
    guard against regressions, they are not the goal. Lowered twice, each time for a change
    chosen on held-out folds of train and dev and read on test once: with the letter-frame
    feature, topical lost its one suggestion (the seed pair's best, 0.29, under the dev
    threshold 0.3) and collected letters gained three wrong ones; without the veto on sets
    reached only through commoner words, and retrained on 19 more train/dev gold files
    (threshold 0.2), collected letters and a negative gained wrong suggestions (precision
    0.727 → 0.529, silence 0.973 → 0.936; hit@3 unchanged); with one suggestion per question
    and letter (held out: precision 0.648 → 0.761), 0.5 (14 suggestions, 7 right). Raised
    once: with an answer document's header never shown, 0.538 (13 suggestions, 7 right) and
    every negative silent."""
    gold_dir = FIXTURES / "linking-gold"
    structure = FIXTURES / "structure"
    linking = FIXTURES / "linking"
    paths = [
        *sorted(FIXTURES.joinpath("seeds").glob("*.pdf")),
        *sorted(linking.glob("*-vragen.txt")),
        *sorted(linking.glob("*-brief.txt")),
        *sorted(linking.glob("kst-*.txt")),
        *sorted(gold_dir.joinpath("docs").glob("*.txt")),
        *(structure / f"{name}.txt" for name in HELD_OUT_STRUCTURE),
    ]
    call_command("ingest", *map(str, paths), sync=True, stdout=io.StringIO())
    split = json.loads((gold_dir / "split.json").read_text())
    by_kind: dict[str, list] = {}
    for item in split["files"]:
        if item["split"] != "test":
            continue
        file_scores, problems = gold_evaluate(gold_load(ROOT / item["file"]))
        assert problems == [], item["file"]
        by_kind.setdefault(item["kind"], []).extend(file_scores)
    overall = summary([s for scores in by_kind.values() for s in scores])
    assert overall["with_direct_answer"] == 20
    assert overall["hit@3"] >= 0.3
    assert overall["precision"] >= 0.53
    assert overall["unanswered_silent"] >= 0.94
    assert overall["two_tier_top3"] >= 0.7
    assert summary(by_kind["reply"])["hit@3"] >= 0.75
    topical = summary(by_kind["topical"])
    assert topical["two_tier_top3"] == 1.0 and topical["unanswered_silent"] == 1.0
    assert summary(by_kind["mixed"])["hit@3"] >= 0.2
    assert summary(by_kind["negative"])["unanswered_silent"] >= 0.96


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
    in_use = link_model().threshold
    call_command(
        "calibrate-links", gold=[str(SEED_GOLD)], thresholds=[0.01, in_use, 0.99], stdout=out
    )
    rows = [line.split() for line in out.getvalue().splitlines() if line[:1] == " "]
    assert [row[0] for row in rows] == ["0.01", f"{in_use:.2f}", "0.99"]
    suggestions = [int(row[4]) for row in rows]
    assert suggestions == sorted(suggestions, reverse=True)  # a higher threshold keeps fewer
    assert suggestions[0] > suggestions[-1]
    assert rows[1][-1] == "*"  # the threshold in use
    assert sorted(Link.objects.values_list("pk", "score", "status")) == links_before
    assert DEFAULT.threshold is None  # the model's threshold, not changed by calibrating
