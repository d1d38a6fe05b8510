"""Whole documents in the layouts officielebekendmakingen.nl publishes them in
(tests/fixtures/markup): the XML of the OP schema (`<kamervragen>` with its
`<kamervraagkop>`, `<kamervraagnummer>` and `<kamervraagomschrijving>`; `<kamerstuk>` with
`<kamerstukkop>`, `<dossier>`, `<stuk>` and a `<vrije-tekst>` + `<tekst-sluiting>` or a
`<brief>` body) and the site's HTML page around `div#broodtekst`, with its SuperNote footnotes.
"""

from pathlib import Path

import pytest

from documents.pipeline import structure_document
from documents.structure import DocumentStructure

FIXTURES = Path(__file__).parent / "fixtures" / "markup"

# What a page or a file carries besides the document, none of it the document's text.
BOILERPLATE = [
    "Officiële bekendmakingen",
    "Ook beschikbaar als",
    "Naar boven",
    "U bent hier",
    "Datum publicatie",
    "Direct naar content",
    "Vergaderjaar 2021-2022",
    "Vergaderjaar 2023-2024",
    "Vragen gesteld door de leden der Kamer",
    "X Noot",
    "Relaties",
]


def _structure(name: str) -> DocumentStructure:
    return structure_document((FIXTURES / name).read_bytes())


def _no_boilerplate(structure: DocumentStructure) -> None:
    texts = [p.text for p in structure.passages] + [f.text for f in structure.footnotes]
    for text in texts:
        assert not any(words in text for words in BOILERPLATE), text


@pytest.mark.parametrize("name", ["ah-tk-20212022-105.xml", "ah-tk-20212022-105.html"])
def test_an_aanhangsel_answer_document(name):
    structure = _structure(name)
    assert structure.kind == "answers"
    assert structure.identifiers["aanhangsel_number"] == "105"
    assert structure.identifiers["session"] == "2021/22"
    assert structure.date == "2021-08-27"
    assert structure.metadata["received"] == "2021-09-28"
    assert structure.metadata["answered_by"] == (
        "Minister Dekker (Rechtsbescherming), mede namens de Minister van Justitie en Veiligheid"
    )
    assert structure.title.startswith("Het bericht dat de Nederlandse politie")
    assert [(q.number, q.footnote_markers) for q in structure.questions] == [
        (1, ["1"]),
        (2, ["2"]),
        (3, []),
        (4, []),
    ]
    answers = [p for p in structure.passages if p.role == "answer"]
    assert [p.answer_numbers for p in answers] == [[1], [2], [3], [4]]
    assert answers[3].text.endswith(
        "aanvrager: – iemand die geassocieerd wordt met de Nationale Politie; – een medewerker "
        "van een opsporingsdienst."
    )
    assert [(f.marker, f.text) for f in structure.footnotes] == [
        (
            "1",
            "Buzzfeed News, 25 augustus 2021, https://www.buzzfeednews.com/article/ryanmac/"
            "clearview-ai-international-search-table",
        ),
        ("2", "Aanhangsel Handelingen II 2019/20, nr. 2036"),
    ]
    introduction = [p.text for p in structure.passages if p.role == "introduction"]
    assert introduction[0].startswith("Vragen van de leden Van Ginneken (D66)")
    _no_boilerplate(structure)


def test_an_xml_note_cited_again_by_reference_marks_the_passage():
    """`<nootref refid="…"/>` cites a `<noot>` printed earlier: the same marker."""
    structure = _structure("ah-tk-20212022-105.xml")
    fourth = next(p for p in structure.passages if p.answer_numbers == [4])
    assert fourth.footnote_markers == ["2"]


def test_the_html_pages_question_number_is_the_zaak_and_no_passage():
    structure = _structure("ah-tk-20212022-105.html")
    assert structure.identifiers["zaak"] == "2021Z14617"
    assert all("2021Z14617" not in p.text for p in structure.passages)


def test_a_kamervragen_xml_document():
    structure = _structure("kv-tk-2021Z14617.xml")
    assert structure.kind == "questions"
    assert structure.identifiers["zaak"] == "2021Z14617"
    assert structure.identifiers["session"] == "2021/22"
    assert [(q.number, q.footnote_markers) for q in structure.questions] == [
        (1, ["1"]),
        (2, ["2"]),
        (3, []),
        (4, []),
    ]
    assert [p.text[:33] for p in structure.passages] == ["Vragen van de leden Van Ginneken "]
    _no_boilerplate(structure)


@pytest.mark.parametrize(
    "name", ["kst-31934-77.xml", "kst-31934-77-brief.xml", "kst-31934-77.html"]
)
def test_a_kamerstuk_letter(name):
    structure = _structure(name)
    assert structure.kind == "letter"
    assert structure.title == "Brief van de staatssecretaris van Financiën"
    assert structure.date == "2023-12-20"
    ids = structure.identifiers
    assert (ids["kamerstuk"], ids["session"]) == ("31 934, nr. 77", "2023/24")
    assert structure.metadata["dossier_title"] == "Douane"
    assert structure.metadata["addressee"] == (
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal"
    )
    assert structure.metadata["signed_by"] == [
        {"role": "Staatssecretaris van Financiën", "name": "M.L.A. van Rij"}
    ]
    body = [p for p in structure.passages if p.role == "body"]
    assert body[0].text.startswith("Hierbij ontvangt u de tweede Stand van zakenbrief 2023")
    assert body[0].footnote_markers == ["1"]
    assert body[-1].footnote_markers == ["2"]
    assert "Internationale samenwerking;" in " ".join(p.text for p in body)
    assert all(p.text not in {"•", "Nr. 77", "31 934"} for p in body)
    assert all(not p.text.startswith("• ") or len(p.text) > 2 for p in body)
    signature = [p.text for p in structure.passages if p.role == "signature"]
    assert signature[-2:] == ["De Staatssecretaris van Financiën,", "M.L.A. van Rij"]
    assert all(p.role == "signature" for p in structure.passages[-len(signature) :])
    assert [(f.marker, f.text) for f in structure.footnotes] == [
        ("1", "De eerste Stand van zakenbrief 2023: Kamerstuk 31 934, nr. 76."),
        ("2", "Zie ook https://www.douane.nl/jaarplan"),
    ]
    _no_boilerplate(structure)


def test_a_list_item_keeps_its_bullet_in_xml():
    """`<li><li.nr>•</li.nr><al>…</al></li>`: one line "• …", not a line "•" of its own."""
    structure = _structure("kst-31934-77.xml")
    texts = [p.text for p in structure.passages]
    assert "•" not in texts
    assert any("• Interventies;" in text for text in texts)


def test_a_kamerstuk_heading_broken_over_lines_stays_one_heading():
    """Older pages break the dossier and the letter's title with `<br>` ("26 387<br>
    Actieprogramma …", "nr. 11<br>BRIEF VAN …"): still the Kamerstuk's dossier, number and
    title, and no passage "31 934"."""
    html = (FIXTURES / "kst-31934-77.html").read_text()
    html = html.replace(
        '<span class="dossiernummer">31 934</span> Douane', "31 934<br>Douane"
    ).replace('<span class="stuknummer">Nr. 77</span> BRIEF', "nr. 77<br/>BRIEF")
    html = html.replace('<meta name="DC.identifier" content="kst-31934-77">', "")
    html = html.replace("<title>Kamerstuk 31934, nr. 77 |", "<title>")
    structure = structure_document(html.encode())
    assert structure.title == "Brief van de staatssecretaris van Financiën"
    assert structure.date == "2023-12-20"
    assert structure.identifiers["kamerstuk"] == "31 934, nr. 77"
    assert structure.passages[0].text.startswith("Hierbij ontvangt u")


def test_the_kamerstuk_numbers_of_the_pages_metadata_are_enough():
    """`<meta name="OVERHEIDop.dossiernummer">` and `…ondernummer` name the Kamerstuk when
    neither the identifier nor the heading does."""
    html = (FIXTURES / "kst-31934-77.html").read_text()
    html = html.replace('<meta name="DC.identifier" content="kst-31934-77">', "")
    html = html.replace("<title>Kamerstuk 31934, nr. 77 |", "<title>")
    html = html.replace('<span class="dossiernummer">31 934</span> Douane', "Douane")
    html = html.replace('<span class="stuknummer">Nr. 77</span> ', "")
    ids = structure_document(html.encode()).identifiers
    assert (ids["kamerstuk_dossier"], ids["kamerstuk_number"]) == ("31 934", "77")


def test_an_aanhangsel_notice_of_delay():
    """A "Mededeling" in the XML: `<kamervraagomschrijving type="mededeling">` is the
    statement, `<kamervraagopmerking>` the text; a head without whitespace between its
    `<tekstregel>`s glued nothing to the questions' heading."""
    structure = _structure("ah-tk-mededeling.xml")
    assert structure.kind == "notice"
    assert structure.identifiers["aanhangsel_number"] == "50"
    assert structure.metadata["received"] == "2021-09-17"
    assert structure.metadata["answered_by"] == "Minister Dekker (Rechtsbescherming)"
    assert structure.passages[0].text.startswith("Vragen van de leden Van Ginneken")
    assert structure.passages[-1].text.startswith("De vragen van de leden Van Ginneken")
    _no_boilerplate(structure)


def test_the_pages_publication_table_is_no_part_of_the_letter():
    """The table over the document ("Datum publicatie | Organisatie | Vergaderjaar | Dossier-
    en ondernummer") when a saved page holds it inside the document's container: header
    lines, so the letter's head is still read."""
    html = (FIXTURES / "kst-31934-77.html").read_text()
    table_start = html.index('<table class="table table--dataintro">')
    table = html[table_start : html.index("</table>", table_start) + len("</table>")]
    html = html.replace(table, "").replace(
        '<h1 class="dossiertitel">',
        table.replace("table--dataintro", "") + '<h1 class="dossiertitel">',
    )
    structure = structure_document(html.encode())
    assert structure.title == "Brief van de staatssecretaris van Financiën"
    assert structure.date == "2023-12-20"
    assert structure.metadata["addressee"].startswith("Aan de Voorzitter")
    assert all("Datum publicatie" not in p.text for p in structure.passages)
    assert all("31934 nr. 77" not in p.text for p in structure.passages)


def test_two_signatories_each_on_lines_of_their_own():
    """`<ondertekening>` with a `<functie>` and `<naam>` per signatory ("mede namens")."""
    xml = (FIXTURES / "kst-31934-77.xml").read_text()
    xml = xml.replace(
        "<achternaam>van Rij</achternaam></naam>",
        "<achternaam>van Rij</achternaam></naam><functie>De Minister van Justitie en "
        "Veiligheid,</functie><naam><voornaam>D.</voornaam> <achternaam>Yeşilgöz-Zegerius"
        "</achternaam></naam>",
    )
    structure = structure_document(xml.encode())
    assert structure.metadata["signed_by"] == [
        {"role": "Staatssecretaris van Financiën", "name": "M.L.A. van Rij"},
        {"role": "Minister van Justitie en Veiligheid", "name": "D. Yeşilgöz-Zegerius"},
    ]
