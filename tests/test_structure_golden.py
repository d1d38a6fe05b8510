"""The structure stage on golden documents: real sets from the corpus laid out as text and
PDF (scripts/make_structure_fixtures.py) and the seeds, against their expected JSON.

After a deliberate change: `python -m tests.regenerate_structure`, then review the diff."""

import json

import pytest

from evaluation.structure_gold import evaluate_directory
from tests.regenerate_structure import FIXTURES, GOLDEN_INPUTS, expected_path, snapshot


@pytest.mark.parametrize("path", GOLDEN_INPUTS, ids=lambda path: path.name)
def test_the_structure_matches_the_golden_file(path):
    expected = json.loads(expected_path(path).read_text(encoding="utf-8"))
    assert snapshot(path) == expected


@pytest.fixture(scope="module")
def figures():
    return evaluate_directory(FIXTURES / "structure")


def test_every_golden_document_gets_its_genre(figures):
    for by_format in figures.values():
        for f in by_format.values():
            assert f.genre_right == f.documents, f.failures


def test_every_question_answer_and_footnote_is_found_and_paired(figures):
    for by_format in figures.values():
        for f in by_format.values():
            assert f.questions_found == f.questions_expected, f.failures
            assert f.answers_paired == f.answers_expected, f.failures
            assert f.footnotes_attached == f.footnotes_expected, f.failures
            assert f.questions_exact >= 0.97 * f.questions_expected, f.failures


def test_no_passage_holds_header_or_page_number_text(figures):
    for by_format in figures.values():
        for f in by_format.values():
            assert f.passages_with_header_text == 0, f.failures
            assert f.hyphenation_errors == 0, f.failures
