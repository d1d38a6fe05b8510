"""HTML and XML as officielebekendmakingen.nl publishes them (the golden files cover the
full layouts; these are the variants in between)."""

from documents.pipeline import sniff_format, structure_document

QUESTION = "Bent u bekend met het bericht «Clearview AI Offered Free Facial Recognition Trials»?"
INTRO = (
    "Vragen van het lid Van Ginneken (D66) aan de Minister van Justitie en Veiligheid over "
    "het bericht over Clearview AI (ingezonden 27 augustus 2021)."
)


def test_html_questions_answers_and_footnotes_come_from_the_markup():
    html = f"""<!DOCTYPE html><html><head><title>ah-tk</title><script>var x = 1;</script></head>
    <body><div class="menu">Zoeken &amp; vinden</div><div id="broodtekst">
    <p>{INTRO}</p>
    <p>Antwoord van Minister Dekker (Rechtsbescherming) (ontvangen 28 september 2021)</p>
    <div class="vraag"><h3>Vraag 1</h3><p>{QUESTION}<sup class="nootnum">1</sup></p></div>
    <div class="antwoord"><h3>Antwoord 1</h3><p>Ja.</p><p>Zie ook het antwoord op vraag 4.</p>
    </div>
    <div class="voet noot snp-mouseoffset"><sup>1</sup> Buzzfeed News, 27 augustus 2021,
    <a href="https://www.buzzfeednews.com/article/x">https://www.buzzfeednews.com/article/x</a>
    </div></div><footer>Naar boven</footer></body></html>"""
    structure = structure_document(html.encode())
    assert structure.kind == "answers"
    assert [(q.number, q.text, q.footnote_markers) for q in structure.questions] == [
        (1, QUESTION, ["1"])
    ]
    answer = next(p for p in structure.passages if p.role == "answer")
    assert answer.answer_numbers == [1]
    assert answer.text == "Ja. Zie ook het antwoord op vraag 4."
    assert answer.refers_to_numbers == [4]
    assert structure.footnotes[0].urls == ["https://www.buzzfeednews.com/article/x"]
    assert structure.metadata["received"] == "2021-09-28"
    texts = " ".join(p.text for p in structure.passages)
    assert "Zoeken" not in texts and "Naar boven" not in texts and "var x" not in texts


def test_xml_numbers_without_words_are_labelled_by_their_element():
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
    <kamervragen><vraagomschrijving><al>{INTRO}</al></vraagomschrijving>
    <vraag><nr>1</nr><al>{QUESTION}<noot id="n1"><noot.nr>1</noot.nr>
    <noot.al>Buzzfeed News, 27 augustus 2021.</noot.al></noot></al></vraag>
    <vraag><nr>2</nr><al>Klopt het dat de politie Clearview AI heeft gebruikt?</al></vraag>
    <antwoord><nr>1 en 2</nr><al>Ja.</al></antwoord></kamervragen>"""
    assert sniff_format(xml.encode()) == "xml"
    structure = structure_document(xml.encode())
    assert structure.kind == "answers"
    assert [q.number for q in structure.questions] == [1, 2]
    assert structure.questions[0].text == QUESTION
    assert structure.questions[0].footnote_markers == ["1"]
    assert [(f.marker, f.text) for f in structure.footnotes] == [
        ("1", "Buzzfeed News, 27 augustus 2021.")
    ]
    assert [p.answer_numbers for p in structure.passages if p.role == "answer"] == [[1, 2]]


OFFICIAL_HTML = """<!DOCTYPE html>
<html lang="nl"><head>
<meta charset="utf-8">
<title>Aanhangsel Handelingen II 2022/23, nr. 3107 | Overheid.nl</title>
<meta name="DC.identifier" content="ah-tk-20222023-3107">
<meta name="DC.type" content="Aanhangsel van de Handelingen">
<meta name="OVERHEIDop.aanhangselNummer" content="3107">
<meta name="OVERHEIDop.vergaderjaar" content="2022-2023">
</head><body>
<nav><a href="/">Zoeken</a></nav>
<div id="broodtekst" class="broodtekst">
<p>Vragen van het lid Jansen (VVD) aan de Staatssecretaris van Financiën over scanners
(ingezonden 1 juli 2023).</p>
<p>Antwoord van staatssecretaris Van Rij (Financiën) (ontvangen 1 augustus 2023).</p>
<div class="vraag"><h2 class="nummer">Vraag 1</h2><p>Kent u het bericht?</p></div>
<div class="antwoord"><h2 class="nummer">Antwoord 1</h2><p>Ja.</p></div>
</div></body></html>"""


def test_the_aanhangsel_number_comes_from_the_html_metadata():
    structure = structure_document(OFFICIAL_HTML.encode())
    assert structure.kind == "answers"
    assert structure.identifiers["aanhangsel_number"] == "3107"
    assert structure.identifiers["session"] == "2022/23"
    assert "3107" not in " ".join(p.text for p in structure.passages)  # not printed in the body


def test_the_dc_identifier_alone_is_enough():
    html = OFFICIAL_HTML.replace('<meta name="OVERHEIDop.aanhangselNummer" content="3107">', "")
    html = html.replace('<meta name="OVERHEIDop.vergaderjaar" content="2022-2023">', "")
    html = html.replace("<title>Aanhangsel Handelingen II 2022/23, nr. 3107 |", "<title>")
    identifiers = structure_document(html.encode()).identifiers
    assert identifiers["aanhangsel_number"] == "3107"
    assert identifiers["session"] == "2022/23"


def test_the_aanhangsel_number_comes_from_the_xml_metadata():
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<officiele-publicatie><metadata>'
        '<meta name="DC.identifier" content="ah-tk-20212022-105"/>'
        '<meta name="DC.creator" content="Tweede Kamer der Staten-Generaal"/></metadata>'
        "<kamerstuk><al>Vragen van het lid Jansen (VVD) aan de Minister over scanners "
        "(ingezonden 1 juli 2021).</al><al>Antwoord van minister De Jonge (ontvangen 1 "
        "augustus 2021).</al><vraag><nr>1</nr><al>Kent u het bericht?</al></vraag>"
        "<antwoord><nr>1</nr><al>Ja.</al></antwoord></kamerstuk></officiele-publicatie>"
    )
    structure = structure_document(xml.encode())
    assert structure.identifiers["aanhangsel_number"] == "105"
    assert structure.identifiers["session"] == "2021/22"
    assert [q.number for q in structure.questions] == [1]


def test_markup_without_identifiers_claims_no_aanhangsel_number():
    html = OFFICIAL_HTML
    for line in OFFICIAL_HTML.splitlines():
        if "<meta name=" in line or "<title>" in line:
            html = html.replace(line, "")
    assert "aanhangsel_number" not in structure_document(html.encode()).identifiers


def test_the_overheidop_fields_alone_are_enough():
    html = OFFICIAL_HTML.replace('<meta name="DC.identifier" content="ah-tk-20222023-3107">', "")
    html = html.replace("<title>Aanhangsel Handelingen II 2022/23, nr. 3107 |", "<title>")
    identifiers = structure_document(html.encode()).identifiers
    assert identifiers["aanhangsel_number"] == "3107"
    assert identifiers["session"] == "2022/23"


def _answer_document(answer_heading: str, marker: str = "<sup>1</sup>") -> bytes:
    return f"""<!DOCTYPE html><html><body><div id="broodtekst">
    <p>{INTRO}</p>
    <p>Antwoord van Minister Dekker (Rechtsbescherming) (ontvangen 28 september 2021)</p>
    <div class="vraag"><h2>Vraag 1</h2><p>{QUESTION}{marker}</p></div>
    <div class="vraag"><h2>Vraag 2</h2><p>Klopt het dat de politie Clearview AI gebruikte?</p>
    </div>
    <div class="antwoord"><h2>{answer_heading}</h2><p>Ja, dat klopt.</p></div>
    <div class="voet noot s1" id="ID-1"><p><span class="nootnum">1</span> Buzzfeed News,
    27 augustus 2021</p></div></div></body></html>""".encode()


def test_an_answer_headed_by_its_question_number_is_an_answer():
    """Some answer documents head each answer with the question's number ("Vraag 1 en 2"
    inside `div.antwoord`): the element says it is an answer, not a third question."""
    structure = structure_document(_answer_document("Vraag 1 en 2"))
    assert structure.kind == "answers"
    assert [(q.number, q.text) for q in structure.questions] == [
        (1, QUESTION),
        (2, "Klopt het dat de politie Clearview AI gebruikte?"),
    ]
    answers = [p for p in structure.passages if p.role == "answer"]
    assert [(p.answer_numbers, p.text) for p in answers] == [([1, 2], "Ja, dat klopt.")]


def test_an_answer_that_starts_with_a_question_number_keeps_its_words():
    html = _answer_document("Antwoord 1 en 2").replace(
        b"<p>Ja, dat klopt.</p>", b"<p>Ja, dat klopt.</p><p>Vraag 2 ging over de politie.</p>"
    )
    structure = structure_document(html)
    answers = [p for p in structure.passages if p.role == "answer"]
    assert [p.answer_numbers for p in answers] == [[1, 2]]
    assert "Vraag 2 ging over de politie." in answers[0].text


def test_a_footnote_marker_as_a_link_without_sup_is_a_marker():
    """`<a class="nootnum" href="#ID-1">1</a>` glued to the question, as the site links a
    note: a marker, not the digit 1 at the end of the question."""
    marker = '<a class="nootnum supernote-click-ID-1" href="#ID-1">1</a>'
    structure = structure_document(_answer_document("Antwoord 1 en 2", marker))
    assert structure.questions[0].text == QUESTION
    assert structure.questions[0].footnote_markers == ["1"]
    assert [(f.marker, f.text) for f in structure.footnotes] == [
        ("1", "Buzzfeed News, 27 augustus 2021")
    ]
