"""The evaluate-structure and benchmark-structure commands."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import FIXTURES, SEED_QUESTIONS_PDF


def test_evaluate_structure_prints_figures_per_genre_and_format():
    out = io.StringIO()
    call_command("evaluate-structure", str(FIXTURES / "structure"), stdout=out)
    report = out.getvalue()
    assert "answers   pdf" in report and "notice    xml" in report
    assert "answers paired" in report and "hyphenation errors" in report


def test_evaluate_structure_refuses_a_folder_without_gold_files(tmp_path):
    with pytest.raises(CommandError, match="gold"):
        call_command("evaluate-structure", str(tmp_path))


def test_benchmark_structure_prints_pages_per_second():
    out = io.StringIO()
    call_command("benchmark-structure", str(SEED_QUESTIONS_PDF), stdout=out)
    assert out.getvalue().count("pages/s") == 3
    assert re.search(r"whole structure stage over pdfminer\.six: [+-]\d+%", out.getvalue())
