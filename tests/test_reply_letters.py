"""Letters that declare they answer a question set: found, and aligned in question order."""

import datetime
from unittest.mock import ANY

import pytest
from django.core.management import call_command
from django.urls import reverse

from documents.models import Document, Passage
from kamervragen.curation import link_reject
from kamervragen.linking import links_suggest_for_questions
from kamervragen.linking.replies import align_in_order, declared_question_sets
from kamervragen.models import Link, Question, QuestionSet
from tests.conftest import FIXTURES

LINKING = FIXTURES / "linking"
QUESTIONS = LINKING / "2014Z07273-vragen.txt"  # four questions on Google following shoppers
REPLY = LINKING / "2014Z07273-brief.txt"  # answers 2, 3 and 4 in order, unnumbered
ANSWER_OPENINGS = {
    2: "Google heeft aangegeven",
    3: "Volgens Google is de test",
    4: "Voor het plaatsen van cookies",
}


def test_the_order_places_a_passage_whose_words_say_nothing():
    # Passage 1 matches nothing; passages 0 and 2 match questions 0 and 2.
    scores = [[0.6, 0.1, 0.0], [0.0, 0.0, 0.0], [0.0, 0.1, 0.5]]
    assert align_in_order(scores, [0.1] * 3, [0.05] * 3) == [0, 1, 2]


def test_the_order_never_goes_back_and_an_answer_may_take_several_passages():
    scores = [[0.6, 0.1], [0.5, 0.4], [0.0, 0.7]]
    assert align_in_order(scores, [0.1, 0.1], [0.05, 0.05]) == [0, 0, 1]
    # the second passage fits the first question best, but it comes after the second's
    assert align_in_order([[0.0, 0.6], [0.5, 0.0]], [0.1, 0.1], [0.05, 0.05]) == [1, 1]


def test_questions_the_letter_skips_cost_the_skip_penalty():
    scores = [[0.0, 0.0, 0.3], [0.0, 0.0, 0.3]]
    assert align_in_order(scores, [0.1] * 3, [0.05] * 3) == [2, 2]
    # a question with no bonus and no skip cost ("Bent u bekend met …?") is passed over
    assert align_in_order([[0.0, 0.0]], [0.0, 0.1], [0.0, 0.05]) == [1]


def _passage(text: str, order: int = 0) -> Passage:
    return Passage(order=order, text=text, role=Passage.Role.BODY)


@pytest.mark.django_db
def test_a_letter_declares_the_set_by_submission_date_or_zaak_number():
    mine = QuestionSet.objects.create(
        title="Het bericht over Google", submitted=datetime.date(2014, 4, 18)
    )
    zaak = QuestionSet.objects.create(zaak_number="2021Z05633", title="Zonnepanelen")
    opening = _passage(
        "Met deze brief informeer ik u over het bericht. Ik ga daarbij in op de vragen die "
        "hierover zijn gesteld (ingezonden 18 april 2014)."
    )
    assert declared_question_sets([opening]) == {mine.pk: opening}
    by_zaak = _passage("Hierbij beantwoord ik de vragen met kenmerk 2021Z05633.")
    assert declared_question_sets([by_zaak]) == {zaak.pk: by_zaak}
    for wording in (
        "Hierbij ga ik in op de vragen van het lid Schouw, gesteld op 18 april 2014.",
        "In deze brief beantwoord ik de op 18 april 2014 ingezonden vragen over Google.",
    ):
        assert declared_question_sets([_passage(wording)]) == {mine.pk: ANY}, wording


@pytest.mark.django_db
def test_earlier_answers_or_another_days_questions_are_no_declaration():
    QuestionSet.objects.create(title="Scanners", submitted=datetime.date(2022, 3, 24))
    cited = _passage("Zie ook de beantwoording van Kamervragen van 24 maart 2022.")
    assert declared_question_sets([cited]) == {}
    later = [_passage("Inleiding.", 0), _passage("Nog een.", 1), _passage("Derde.", 2)]
    late = _passage("De vragen (ingezonden 24 maart 2022) komen hier pas.", 3)
    assert declared_question_sets([*later, late]) == {}


@pytest.mark.django_db
def test_two_sets_of_the_same_day_are_told_apart_by_their_words():
    day = datetime.date(2014, 4, 18)
    google = QuestionSet.objects.create(title="Google volgt klanten naar de winkel", submitted=day)
    QuestionSet.objects.create(title="Kinderopvang in Drenthe", submitted=day)
    opening = _passage("Ik ga in op de vragen over Google en de winkel (ingezonden 18 april 2014).")
    assert declared_question_sets([opening]) == {google.pk: opening}


def _reply_links() -> dict[int, set[str]]:
    links = Link.objects.filter(
        passage__document__filename__contains="brief", method=Link.Method.LEXICAL
    ).select_related("question", "passage")
    found: dict[int, set[str]] = {}
    for link in links:
        found.setdefault(link.question.number, set()).add(link.passage.text[:40])
    return found


def _expected() -> dict[int, set[str]]:
    return {
        number: {p.text[:40] for p in Passage.objects.filter(text__startswith=opening)}
        for number, opening in ANSWER_OPENINGS.items()
    }


@pytest.mark.django_db
@pytest.mark.parametrize("order", [(QUESTIONS, REPLY), (REPLY, QUESTIONS)])
def test_a_reply_letter_links_each_paragraph_to_its_question_in_either_upload_order(order):
    for path in order:
        call_command("ingest", str(path), sync=True)
    assert _reply_links() == _expected()
    _assert_opening_and_signature_answer_nothing()


def _assert_opening_and_signature_answer_nothing() -> None:
    letter = Document.objects.get(filename__contains="brief")
    declaring = letter.passages.get(text__startswith="Met deze brief")
    assert not declaring.links.exists()  # "Ik ga daarbij in op de vragen" answers nothing
    signature = letter.passages.get(text__startswith="Fred Teeven")
    assert signature.role == Passage.Role.SIGNATURE
    assert not signature.links.exists()


def _reply_declaring(tmp_path, declaration: str):
    """The Google reply letter with another sentence declaring which questions it answers."""
    letter = tmp_path / "antwoordbrief.txt"
    original = "Ik ga daarbij in op de vragen die hierover zijn gesteld (ingezonden 18 april 2014)."
    letter.write_text(REPLY.read_text().replace(original, declaration))
    assert declaration in letter.read_text()
    return letter


@pytest.mark.django_db
def test_a_question_set_finds_a_reply_that_says_gesteld_op(tmp_path):
    letter = _reply_declaring(
        tmp_path, "Ik ga daarbij in op de vragen die hierover zijn gesteld op 18 april 2014."
    )
    assert "gesteld op 18 april 2014" in letter.read_text()
    call_command("ingest", str(letter), sync=True)  # the letter first
    call_command("ingest", str(QUESTIONS), sync=True)
    assert _reply_links() == _expected()
    _assert_opening_and_signature_answer_nothing()


@pytest.mark.django_db
def test_relinking_a_reply_letter_keeps_a_curators_rejection(curator):
    call_command("ingest", str(QUESTIONS), str(REPLY), sync=True)
    link = Link.objects.get(question__number=3, passage__text__startswith="Volgens Google")
    link_reject(link=link, curator=curator)
    links_suggest_for_questions(Question.objects.all())
    link.refresh_from_db()
    assert link.status == Link.Status.REJECTED
    assert _reply_links() == _expected()  # the rejected link is still there, as it was


@pytest.mark.django_db
def test_the_set_page_says_the_letter_declared_it_answers_these_questions(client_for, policy_staff):
    call_command("ingest", str(QUESTIONS), str(REPLY), sync=True)
    link = Link.objects.get(question__number=4, passage__text__startswith="Voor het plaatsen")
    assert link.evidence["reply"] == "order"
    client = client_for(policy_staff)
    response = client.get(reverse("question_set_detail", args=[link.question.question_set_id]))
    html = response.content.decode()
    row = html[html.index(f'id="link-{link.pk}"') :]
    assert "volgt hun volgorde" in row[: row.index("</article>")]


def _ingest_pair(stem: str) -> None:
    call_command(
        "ingest", str(LINKING / f"{stem}-vragen.txt"), str(LINKING / f"{stem}-brief.txt"), sync=True
    )


def _linked_numbers(opening: str) -> list[int]:
    links = Link.objects.filter(passage__text__startswith=opening, status=Link.Status.SUGGESTED)
    return sorted(links.values_list("question__number", flat=True))


@pytest.mark.django_db
def test_an_answer_that_echoes_its_question_goes_to_that_question():
    # "Deelt u de mening dat …?" is answered "Nee, ik deel de mening niet.": no shared term
    _ingest_pair("ah-tk-20122013-2229")
    link = Link.objects.get(passage__text="Nee, ik deel de mening niet.")
    assert link.question.number == 3
    assert link.question.text.startswith("Deelt u de mening")


@pytest.mark.django_db
def test_a_verdict_on_the_news_answers_the_question_asking_for_one():
    # "Hoe oordeelt u over dit bericht?" shares no term with "Het bericht is verontrustend.";
    # "Dat is niet bekend." shares none with "Hoe worden deze politiebureaus gefinancierd?"
    # and goes to it rather than pass it over for a stray word of question 5.
    _ingest_pair("2022Z20802")
    assert _linked_numbers("Het bericht is verontrustend") == [2]
    assert _linked_numbers("Het bestaan van dergelijke Chinese") == [3]
    assert _linked_numbers("Dat is niet bekend") == [4]


@pytest.mark.django_db
def test_herinnert_u_zich_is_passed_over_like_bent_u_bekend():
    # Questions 2 and 3 ask "Herinnert u zich …?" (answered "Ja.", left out of the letter);
    # the one paragraph answers question 4 although it shares a stray word with question 2.
    _ingest_pair("ah-tk-20212022-105")
    assert _linked_numbers("De logbestanden waar BuzzFeed News") == [4]
    link = Link.objects.get(passage__text__startswith="De logbestanden")
    assert link.evidence["reply"] == "order"


@pytest.mark.django_db
@pytest.mark.parametrize("letter_first", [False, True])
def test_a_reply_that_names_the_members_but_no_date_is_found_by_its_topic(tmp_path, letter_first):
    letter = _reply_declaring(
        tmp_path,
        "Ik ga daarbij in op de vragen van de leden Schouw en Verhoeven (beiden D66) hierover.",
    )
    order = [letter, QUESTIONS] if letter_first else [QUESTIONS, letter]
    for path in order:
        call_command("ingest", str(path), sync=True)
    assert _reply_links() == _expected()


@pytest.mark.django_db
def test_naming_the_members_of_another_topic_declares_nothing(tmp_path):
    call_command("ingest", str(QUESTIONS), sync=True)
    other = _passage(
        "Hierbij ga ik in op de vragen van de leden Schouw en Verhoeven (beiden D66) over de "
        "bereikbaarheid van huisartsenposten in Drenthe."
    )
    assert declared_question_sets([other]) == {}


def _body(letter: str) -> str:
    """The answer paragraphs of a generated reply letter: after the opening, before the
    signature."""
    paragraphs = [p for p in letter.split("\n\n") if p.strip()]
    return "\n\n".join(paragraphs[3:-1])


OTHER_QUESTIONS = LINKING / "2010Z15780-vragen.txt"  # the WRR report on biometric passports
OTHER_REPLY = LINKING / "2010Z15780-brief.txt"


@pytest.mark.django_db
@pytest.mark.parametrize("letter_first", [False, True])
def test_a_letter_answering_two_sets_links_each_paragraph_within_its_own_set(
    tmp_path, letter_first
):
    letter = tmp_path / "brief-twee-sets.txt"
    letter.write_text(
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\n"
        "Den Haag, 1 december 2014\n\n"
        "Met deze brief ga ik in op de vragen over Google die zijn gesteld (ingezonden 18 april\n"
        "2014) en op de vragen over het WRR-rapport (ingezonden 3 november 2010).\n\n"
        f"{_body(REPLY.read_text())}\n\n{_body(OTHER_REPLY.read_text())}\n\n"
        "Minister Donner (Binnenlandse Zaken en Koninkrijksrelaties),\n"
    )
    sets = [QUESTIONS, OTHER_QUESTIONS]
    for path in [letter, *sets] if letter_first else [*sets, letter]:
        call_command("ingest", str(path), sync=True)
    links = Link.objects.filter(passage__document__filename=letter.name).select_related(
        "question__question_set", "passage"
    )
    linked = {(link.question.question_set.zaak_number, link.passage.text[:15]) for link in links}
    google = {opening[:15] for opening in ANSWER_OPENINGS.values()}
    assert {text for zaak, text in linked if zaak == "2014Z07273"} == google
    assert {text for zaak, text in linked if zaak == "2010Z15780"} == {
        "Ik heb kennis g",
        "In het Algemene",
    }


@pytest.mark.django_db
def test_a_long_letter_that_also_takes_up_the_questions_is_ranked_not_aligned(tmp_path):
    filler = "\n\n".join(
        f"Over onderwerp {n} van de begroting voor het komende jaar bericht ik u in het voorjaar."
        for n in range(1, 21)
    )
    letter = tmp_path / "brief-lang.txt"
    letter.write_text(
        REPLY.read_text().replace("Google heeft aangegeven", f"{filler}\n\nGoogle heeft aangegeven")
    )
    call_command("ingest", str(QUESTIONS), str(letter), sync=True)
    links = Link.objects.filter(passage__document__filename=letter.name)
    assert not any("reply" in link.evidence for link in links)
    assert not links.filter(passage__text__startswith="Over onderwerp").exists()
