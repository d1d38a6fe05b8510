"""Words broken at a line end: joined when the hyphen only marks the break, kept when the
word is written with it."""

import pytest

from documents.dehyphenation import keeps_hyphen
from documents.extraction.text import extract_text
from documents.pipeline import clean


def cleaned(text: str) -> str:
    return " ".join(p.text for p in clean(extract_text(text.encode())))


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ("de fabrikan-\nten van scanners", "de fabrikanten van scanners"),
        ("het vluchtelingenverdrag (non-\nrefoulement principe)", "(non-refoulement principe)"),
        ("de scan-\nen detectieapparatuur", "de scan- en detectieapparatuur"),
        ("een ex-\nminister van Financiën", "een ex-minister van Financiën"),
        ("het btw-\ntarief gaat omhoog", "het btw-tarief gaat omhoog"),
        ("bij een auto-\nongeluk gewond", "bij een auto-ongeluk gewond"),
        ("de detectie-\napparatuur werkt", "de detectieapparatuur werkt"),
        ("de ex-\npertsessies gingen door", "de expertsessies gingen door"),
        ("zie https://www.ftm.nl/artikelen/chinese-\nscanners voor meer", "chinese-scanners"),
    ],
)
def test_a_line_end_hyphen_is_kept_only_where_the_word_has_one(lines, expected):
    assert expected in cleaned(lines)


def test_a_joined_form_the_word_list_knows_is_always_joined():
    assert not keeps_hyphen("non", "sens")  # "nonsens"
    assert not keeps_hyphen("oud", "ste")  # "oudste"
    assert keeps_hyphen("politie", "eenheden")
    assert not keeps_hyphen("mili", "euverzekering")  # no word "mili": a syllable break
