"""The learned link scorer: its file is checked against the code's features, training is
deterministic, and what it learns ranks the answering passage first."""

import io
import json
import math
from pathlib import Path

import pytest
from django.core.management import call_command

from documents.models import Document, Passage
from evaluation.linking_training import (
    DEALS,
    GoldFile,
    HeldOut,
    calibrated,
    gold_read,
    held_out,
    platt,
    probabilities,
    set_folds,
)
from kamervragen.apps import link_model_check
from kamervragen.linking import model as link_model_module
from kamervragen.linking.feature_names import FEATURE_NAMES
from kamervragen.linking.model import MODEL_PATH, ModelMismatch, model_from, model_read
from kamervragen.linking.replies import echoes, is_letter_frame
from kamervragen.linking.scoring import PassageScorer
from tests.conftest import FIXTURES

TINY = ["2014Z07273", "2015Z11763"]  # two reply letters of the train split


def test_the_repository_model_matches_the_code():
    assert model_read(MODEL_PATH).threshold > 0
    assert link_model_check() == []


def test_a_model_with_other_features_is_refused_naming_them(tmp_path, monkeypatch):
    data = json.loads(MODEL_PATH.read_text())
    data["features"] = [*data["features"][1:], "passage_colour"]
    wrong = tmp_path / "model.json"
    wrong.write_text(json.dumps(data))
    with pytest.raises(ModelMismatch) as raised:
        model_read(wrong)
    message = str(raised.value)
    assert f"missing ['{FEATURE_NAMES[0]}']" in message
    assert "extra ['passage_colour']" in message
    assert "train-linking" in message
    monkeypatch.setattr(link_model_module, "MODEL_PATH", wrong)
    (error,) = link_model_check()
    assert error.id == "kamervragen.E001" and "passage_colour" in error.msg


@pytest.fixture
def tiny_gold(tmp_path):
    linking = FIXTURES / "linking"
    paths = [linking / f"{zaak}-{part}.txt" for zaak in TINY for part in ("vragen", "brief")]
    call_command("ingest", *map(str, paths), sync=True, stdout=io.StringIO())
    gold = [str(FIXTURES / "gold" / f"{zaak}-vragen--{zaak}-brief.json") for zaak in TINY]
    split = tmp_path / "split.json"
    split.write_text(
        json.dumps({"files": [{"file": g, "kind": "reply", "split": "train"} for g in gold]})
    )
    return gold, split


@pytest.mark.django_db
def test_training_is_deterministic_and_ranks_the_answering_passage_first(tiny_gold, tmp_path):
    gold, split = tiny_gold
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    for output in (first, second):
        call_command(
            "train-linking", gold=gold, split=str(split), output=str(output), stdout=io.StringIO()
        )
    assert first.read_bytes() == second.read_bytes()
    model = model_read(first)
    listed = {str(Path(g).resolve()): ("reply", "train") for g in gold}
    first_right = []
    for path in gold:
        item = gold_read(path, listed)
        (probs,) = probabilities([item], model)
        best: dict[int, tuple[float, int]] = {}
        for pair, probability in zip(item.pairs, probs, strict=True):
            number = item.numbers[pair.question.pk]
            grade = item.grades[(number, pair.passage.pk)]
            best[number] = max(best.get(number, (-1.0, 0)), (probability, grade))
        for number, (_, grade) in best.items():
            if item.gold[number][0]:
                first_right.append(grade == 2)
    # A model of two letters is not perfect: nearly every answer is ranked first.
    assert len(first_right) >= 5
    assert sum(first_right) >= len(first_right) - 1


@pytest.mark.django_db
def test_a_simulated_curator_reviews_half_of_train_and_the_model_is_retrained(tmp_path):
    """`simulate-curation`: decisions on what the first half's model showed become labels."""
    sets = {"2014Z07273": "train", "2015Z11763": "train", "2019Z15315": "dev"}
    linking = FIXTURES / "linking"
    paths = [linking / f"{zaak}-{part}.txt" for zaak in sets for part in ("vragen", "brief")]
    call_command("ingest", *map(str, paths), sync=True, stdout=io.StringIO())
    gold = {zaak: str(FIXTURES / "gold" / f"{zaak}-vragen--{zaak}-brief.json") for zaak in sets}
    split = tmp_path / "split.json"
    files = [{"file": gold[z], "kind": "reply", "split": s} for z, s in sets.items()]
    split.write_text(json.dumps({"files": files}))
    out = io.StringIO()
    call_command("simulate-curation", gold=list(gold.values()), split=str(split), stdout=out)
    text = out.getvalue()
    decisions = int(text.split("gesimuleerde curator: ")[1].split()[0])
    assert decisions > 0  # the curator decided on what the model showed
    assert "# dev, voor hertrainen" in text and "# dev, na hertrainen" in text


def test_an_awareness_question_is_echoed_by_having_read_the_publication():
    # "Heeft u kennisgenomen van …?" answered in a collected letter, not with "Ja."
    question = "Heeft u kennisgenomen van de publicatie nr. 46 van de WRR?"
    assert echoes(question, "Ik heb kennis genomen van de genoemde publicatie. Het betreft …")
    assert not echoes(question, "De publicatie is in opdracht van de WRR geschreven.")


@pytest.mark.django_db
def test_character_ngrams_match_a_paraphrase_that_shares_no_stem():
    # "politiebureaus" and "gefinancierd" are not the words of the answer: no shared stem,
    # but the n-grams of "politie" and "financi…" are.
    document = Document.objects.create(
        kind=Document.Kind.LETTER, filename="brief.txt", sha256="0" * 64
    )
    texts = [
        "De overzeese politie stations worden volgens de eerste bevindingen door de Chinese "
        "overheid gefinancierd.",
        "Het drinkwater in woningen van vóór 1960 kan lood bevatten.",
    ]
    passages = [
        Passage.objects.create(document=document, order=i, text=t, role=Passage.Role.BODY)
        for i, t in enumerate(texts)
    ]
    cosines = PassageScorer(passages).char_cosines(
        ["Hoe worden deze politiebureaus gefinanciërd?"], document.pk
    )
    assert cosines.shape == (1, 2)
    assert cosines[0, 0] > 2 * cosines[0, 1]


@pytest.mark.django_db
def test_diagnose_links_says_where_each_answer_is_lost_and_never_reads_test(tiny_gold):
    gold, split = tiny_gold
    data = json.loads(split.read_text())
    data["files"][0]["split"] = "dev"
    data["files"][1]["split"] = "test"
    split.write_text(json.dumps(data))
    out = io.StringIO()
    call_command("diagnose-links", gold=gold, split=str(split), only="dev", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split()[:3] == ["soort", "vraag", "gevonden"]
    rows = [line.split() for line in lines[1:-1]]
    assert rows and all(row[-1] == Path(gold[0]).name for row in rows)  # dev only
    assert all(row[-2] in {"ok", "threshold", "ranking", "retrieval", "onterecht"} for row in rows)
    assert lines[-1].startswith("per oorzaak:")


@pytest.mark.django_db
def test_train_linking_measures_the_chosen_settings_on_folds_that_never_hold_the_set(
    tiny_gold, tmp_path
):
    """Dev is small, so train-linking also reports its settings on held-out folds: each file
    is predicted by a model fitted without its question set."""
    gold, split = tiny_gold
    listed = {str(Path(g).resolve()): ("reply", "train") for g in gold}
    files = [gold_read(path, listed) for path in gold]
    for deal in range(DEALS):
        folds = set_folds(files, deal=deal)
        assert sorted(i for fold in folds for i in fold) == list(range(len(files)))
        for fold in folds:
            held = {files[i].set_key for i in fold}
            fitted_on = {f.set_key for i, f in enumerate(files) if i not in fold}
            assert held and not held & fitted_on
    estimate = held_out(files, 1.0)
    assert estimate is not None and len(estimate.files) == DEALS * len(files)
    assert held_out(files[:1], 1.0) is None  # one set: nothing can be held out
    out = io.StringIO()
    call_command(
        "train-linking", gold=gold, split=str(split), output=str(tmp_path / "m.json"), stdout=out
    )
    assert "# per soort buiten de vouw" in out.getvalue()


def test_platt_scaling_makes_overconfident_held_out_probabilities_match_what_was_observed():
    """Held out, pairs given 0.9 answered in 60 % of cases and pairs given 0.1 in 5 %: the
    scaling folded into the model says 0.6 and 0.05, and keeps the order of the pairs."""
    answered = GoldFile(
        "held-out", "mixed", "train", labels=[1] * 60 + [0] * 40 + [1] * 5 + [0] * 95
    )
    probs = [[0.9] * 100 + [0.1] * 100]
    slope, intercept = platt(HeldOut([answered], probs, 0.0))
    assert slope < 1  # the model was too sure of itself
    data = json.loads(MODEL_PATH.read_text())
    scaled = calibrated(data, slope, intercept)
    original, rescaled = model_from(data), model_from(scaled)

    def at(probability: float) -> float:
        logit = math.log(probability / (1 - probability))
        return 1 / (1 + math.exp(-(slope * logit + intercept)))

    assert at(0.9) == pytest.approx(0.6, abs=1e-3)
    assert at(0.1) == pytest.approx(0.05, abs=1e-3)
    rows = [[0.25 * i - 1.0] * len(FEATURE_NAMES) for i in range(12)]
    before = [original.probability(r) for r in rows]
    after = [rescaled.probability(r) for r in rows]
    assert sorted(range(len(rows)), key=before.__getitem__) == sorted(
        range(len(rows)), key=after.__getitem__
    )
    for p, q in zip(before, after, strict=True):
        assert q == pytest.approx(at(p), abs=1e-4)


def test_the_repository_model_is_calibrated_on_held_out_folds():
    calibration = json.loads(MODEL_PATH.read_text())["provenance"]["calibration"]
    assert "Platt" in calibration["method"] and 0 < calibration["slope"] < 1


def test_a_letters_own_frame_is_a_feature_the_model_weighs_against_answering():
    """A letter's opening and a notice that answers come late say what the letter is, not
    what a question asks; an answer that hands over a report still answers."""
    assert is_letter_frame("Met deze brief informeer ik u over het bericht dat ziekenhuizen …")
    assert is_letter_frame("Hierbij stuur ik u de antwoorden op de vragen van het lid Kops.")
    assert is_letter_frame(
        "De vragen van het lid Van der Plas (BBB) kunnen tot mijn spijt niet binnen de "
        "gebruikelijke termijn worden beantwoord."
    )
    assert not is_letter_frame("Ik bied u hierbij het gevraagde overzicht aan.")
    assert not is_letter_frame("Ja, ik ben bekend met het bericht. Met deze brief …")
    data = json.loads(MODEL_PATH.read_text())
    weight = dict(zip(data["features"], data["coefficients"], strict=True))["letter_frame"]
    assert weight < 0


def test_a_salutation_in_the_same_paragraph_does_not_hide_the_letters_opening():
    assert is_letter_frame("Geachte voorzitter, Hierbij informeer ik uw Kamer over de stand …")
    assert is_letter_frame("Hooggeachte mevrouw de voorzitter, Met deze brief informeer ik u …")
    assert not is_letter_frame("Geachte voorzitter, het bericht klopt niet. Met deze brief …")
