"""`benchmark-ingestion`: generated letters of a given length, measured stage by stage."""

import pytest

from documents.models import Document
from evaluation.ingestion_benchmark import OUR_STAGES, file_measure, pdf_generate


@pytest.mark.django_db
def test_a_generated_letter_is_measured_in_every_stage_and_rolled_back(tmp_path):
    pdf = pdf_generate(4, tmp_path / "brief.pdf")
    result = file_measure(pdf, warm_up=pdf)
    assert result["pages"] == 4
    assert set(OUR_STAGES) | {"pdfminer.six"} <= set(result["seconds"])
    assert all(seconds >= 0 for seconds in result["seconds"].values())
    assert result["seconds"]["extract"] > 0 and result["seconds"]["pdfminer.six"] > 0
    assert result["peak_rss_mib"] > 50
    assert not Document.objects.exists()  # store and link ran in a rolled-back transaction
