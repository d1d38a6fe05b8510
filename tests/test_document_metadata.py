"""Metadata per genre: who asked whom and when, who answered and when, which Kamerstuk a
letter is and who signed it; and the shape of a letter (headings, lists, signature)."""

import pytest

from documents.pipeline import structure_document
from tests.conftest import FIXTURES, SEED_LETTER_PDF, SEED_QUESTIONS_PDF

SEED_LETTER_TXT = FIXTURES / "seeds" / "kamerbrief-31934-scan-en-detectie.txt"
STRUCTURE = FIXTURES / "structure"


def test_a_question_document_gives_zaak_submitters_ministers_and_date():
    structure = structure_document(SEED_QUESTIONS_PDF.read_bytes())
    assert structure.identifiers["zaak"] == "2023Z11786"
    assert structure.metadata["submitters"] == [
        {"name": "Rajkowski", "party": "VVD"},
        {"name": "Gündoğan", "party": "Gündoğan"},
        {"name": "Brekelmans", "party": "VVD"},
    ]
    assert structure.metadata["addressed_to"] == [
        "Staatssecretaris van Financiën",
        "Minister van Buitenlandse Zaken",
    ]
    assert structure.metadata["submitted"] == structure.date == "2023-06-23"


def members(*pairs: str) -> list[dict]:
    return [{"name": name, "party": party} for name, party in (p.split("|") for p in pairs)]


@pytest.mark.parametrize(
    ("name", "submitters"),
    [
        ("ah-tk-20142015-1365", members("Omtzigt|CDA", "Gesthuizen|SP", "Schouw|D66")),
        (
            "2024Z16676",
            members(*(f"{n}|GroenLinks-PvdA" for n in ("Kathmann", "Lahlah", "Mutluer"))),
        ),
        ("2022Z20802", members("Hanneke van der Werf|D66", "Sjoerd Sjoerdsma|D66")),
        ("ah-tk-20142015-2791", members("Houwers|Houwers")),  # a group of one
        ("2016Z22257", members("Renske Leijten|", "Henk van Gerven|")),  # no party given
    ],
)
@pytest.mark.parametrize("suffix", ["pdf", "txt", "html", "xml"])
def test_submitters_come_with_their_party_in_every_format(name, submitters, suffix):
    path = STRUCTURE / f"{name}.{suffix}"
    assert structure_document(path.read_bytes()).metadata["submitters"] == submitters


@pytest.mark.parametrize(
    ("who", "submitters"),
    [
        (
            "de leden De Roon, Beertema en Fritsma (allen PVV)",
            members("De Roon|PVV", "Beertema|PVV", "Fritsma|PVV"),
        ),
        (
            "de leden Oosenbrug en Bouwmeester (beiden PvdA)",
            members("Oosenbrug|PvdA", "Bouwmeester|PvdA"),
        ),
        (
            "de leden Van Dijk (SP), Kops en Graus (beiden PVV) en Omtzigt",
            members("Van Dijk|SP", "Kops|PVV", "Graus|PVV", "Omtzigt|"),
        ),
        ("het lid Gündoğan (Volt)", members("Gündoğan|Volt")),
    ],
)
def test_members_of_one_party_may_share_its_name(who, submitters):
    text = (
        f"Vragen van {who} aan de Minister van Financiën over scanners (ingezonden 1 juli "
        "2023).\n\nVraag 1\nKent u het bericht?\n\nVraag 2\nWat vindt u ervan?\n"
    )
    structure = structure_document(text.encode())
    assert structure.kind == "questions"
    assert structure.metadata["submitters"] == submitters


@pytest.mark.parametrize("suffix", ["pdf", "txt", "html", "xml"])
def test_an_answer_document_gives_date_received_and_answering_ministers(suffix):
    structure = structure_document((STRUCTURE / f"2022Z20802.{suffix}").read_bytes())
    assert structure.metadata["received"] == "2022-12-20"
    assert structure.metadata["answering_ministers"] == [
        "Wopke Hoekstra (viceminister-president , minister buitenlandse zaken) (CDA)"
    ]


def test_answers_given_on_behalf_of_another_minister_name_both():
    text = (
        "Vragen van het lid Jansen (VVD) aan de Staatssecretaris van Financiën over scanners "
        "(ingezonden 1 juli 2023).\n\nAntwoord van staatssecretaris Van Rij (Financiën), mede "
        "namens de minister van Justitie en Veiligheid (ontvangen 1 augustus 2023).\n\n"
        "Vraag 1\nKent u het bericht?\n\nAntwoord 1\nJa.\n\n"
        "ah-tk-20222023-3107 ISSN 0921-7398 ’s-Gravenhage 2023\n"
    ).encode()
    structure = structure_document(text)
    assert structure.metadata["answering_ministers"] == [
        "staatssecretaris Van Rij (Financiën)",
        "de minister van Justitie en Veiligheid",
    ]
    assert structure.identifiers["aanhangsel_number"] == "3107"
    assert structure.identifiers["session"] == "2022/23"


@pytest.mark.parametrize("suffix", ["pdf", "txt", "html", "xml"])
def test_a_letter_gives_kamerstuk_date_addressee_and_signing_minister(suffix):
    structure = structure_document((STRUCTURE / f"kst-31016-58.{suffix}").read_bytes())
    assert structure.identifiers["kamerstuk"] == "31 016, nr. 58"
    assert structure.date == "2013-10-28"
    assert structure.metadata["addressee"] == (
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal"
    )
    assert structure.metadata["signed_by"] == [
        {"role": "Minister van Volksgezondheid, Welzijn en Sport", "name": "E.I. Schippers"}
    ]
    assert structure.passages[-1].role == "signature"


def test_the_seed_letter_gives_dossier_session_and_signature():
    structure = structure_document(SEED_LETTER_PDF.read_bytes())
    assert structure.identifiers["kamerstuk_dossier"] == "31 934"
    assert structure.identifiers["session"] == "2022/23"  # from the running header
    assert structure.metadata["dossier_title"] == "Douane"
    assert structure.title == "Brief van de staatssecretaris van Financiën"
    assert structure.metadata["signed_by"] == [
        {"role": "Staatssecretaris van Financiën", "name": "A. de Vries"}
    ]


@pytest.mark.parametrize("path", [SEED_LETTER_PDF, SEED_LETTER_TXT], ids=["pdf", "txt"])
def test_the_seed_letter_keeps_sections_lists_and_signature(path):
    passages = structure_document(path.read_bytes()).passages
    headings = list(dict.fromkeys(p.heading for p in passages if p.heading))
    assert headings[:3] == [
        "Belang van scanprocessen bij de Douane in de aanpak van ondermijnende criminaliteit",
        "Context scan- en detectiesystemen",
        "Het scanproces (x-ray)",
    ]
    assert "Conclusies nationale veiligheid" in headings
    listed = [p.text for p in passages if p.text.startswith("De conclusie is dat:")]
    assert len(listed) == 1
    assert " 1) compromittering" in listed[0] and " 2) dit voor de toekomst" in listed[0]
    assert " 3) de kans op digitale dreiging" in listed[0]
    assert not [p for p in passages if p.text.startswith(("2)", "3)", "•"))]
    assert [p.text for p in passages if p.role == "signature"] == [
        "Mede namens de Minister van Justitie en Veiligheid,",
        "De Staatssecretaris van Financiën, A. de Vries",
    ]


@pytest.mark.parametrize("suffix", ["pdf", "txt", "html", "xml"])
def test_a_bulleted_list_stays_inside_the_paragraph_that_opens_it(suffix):
    passages = structure_document((STRUCTURE / f"kst-31934-77.{suffix}").read_bytes()).passages
    opening = next(p for p in passages if "drie pijlers:" in p.text)
    assert opening.text.endswith(
        "drie pijlers: • Internationale samenwerking; • Interventies; • Integriteit en "
        "weerbaarheid."
    )
    assert not [p for p in passages if p.text.startswith("•")]


ADDRESS_LINE_WORDS = ("Voorzitter van de Tweede Kamer", "Postbus", "Den Haag", "DEN HAAG")


@pytest.mark.parametrize("suffix", ["pdf", "txt", "html", "xml"])
def test_a_postponement_letter_keeps_its_address_out_of_headings_and_reads_its_signature(suffix):
    structure = structure_document(
        (STRUCTURE / f"onb-2009-01-13-uitstel-leijten.{suffix}").read_bytes()
    )
    assert structure.kind == "notice"
    assert structure.title == (
        "Uitstelbrief op kamervragen van Leijten over de gehandicapteninstellingen Amerpoort "
        "en Sherpa"
    )
    assert structure.metadata["addressee"].startswith("De Voorzitter van de Tweede Kamer")
    assert not [p for p in structure.passages if any(w in p.heading for w in ADDRESS_LINE_WORDS)]
    assert not [p for p in structure.passages if "Postbus" in p.text]
    assert [p.text for p in structure.passages if p.role == "signature"] == [
        "de staatssecretaris van Volksgezondheid, Welzijn en Sport,",
        "mw. dr. J. Bussemaker",
    ]
    assert structure.metadata["signed_by"] == [
        {
            "role": "staatssecretaris van Volksgezondheid, Welzijn en Sport",
            "name": "mw. dr. J. Bussemaker",
        }
    ]


@pytest.mark.parametrize("suffix", ["pdf", "txt", "html", "xml"])
def test_a_ministry_letterhead_is_the_sender_not_the_title(suffix):
    structure = structure_document(
        (STRUCTURE / f"onb-2009-12-03-uitstel-zijlstra.{suffix}").read_bytes()
    )
    assert structure.title == "Uitstel antwoorden op Kamervragen over gerechtelijke vonnissen"
    assert structure.metadata["sender"] == "Ministerie van Volksgezondheid, Welzijn en Sport"
    assert structure.metadata["signed_by"] == [
        {
            "role": "Staatssecretaris van Volksgezondheid, Welzijn en Sport",
            "name": "mw. dr. J. Bussemaker",
        }
    ]


def test_a_letter_head_on_separate_lines_is_no_section_heading():
    text = (
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nPostbus 20018\n\n"
        "2500 EA  DEN HAAG\n\nDen Haag, 3 december 2009\n\nOns kenmerk DLZ-2904719\n\n"
        "Subsidies voor de zorg\n\nHierbij informeer ik uw Kamer over de subsidies.\n\n"
        "Reactie op het rapport\n\nIk neem de aanbevelingen over.\n\n"
        "de minister van Volksgezondheid, Welzijn en Sport,\n\nmr. A. Klink\n"
    )
    structure = structure_document(text.encode())
    assert structure.kind == "letter"
    assert structure.date == "2009-12-03"
    assert structure.metadata["addressee"] == (
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal"
    )
    assert [(p.heading, p.role) for p in structure.passages] == [
        ("Subsidies voor de zorg", "body"),
        ("Reactie op het rapport", "body"),
        ("Reactie op het rapport", "signature"),
        ("Reactie op het rapport", "signature"),
    ]
    assert structure.metadata["signed_by"] == [
        {"role": "minister van Volksgezondheid, Welzijn en Sport", "name": "mr. A. Klink"}
    ]
