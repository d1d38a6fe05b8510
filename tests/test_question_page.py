"""Permalinks, the page per question (with similar earlier questions and their answers),
official publication addresses, and the pages per member and party."""

import datetime

import pytest
from django.contrib.postgres.search import SearchVector
from django.urls import reverse

from documents.models import Document
from kamervragen.curation import link_reject
from kamervragen.ingestion.question_sets import question_set_status_refresh
from kamervragen.models import Link, LinkCandidate, Question, QuestionSet
from kamervragen.publications import aanhangsel_id, document_publication, kamerstuk_id

pytestmark = pytest.mark.django_db


def _set(zaak, title, texts, *, submitted, submitters=(), number=0):
    question_set = QuestionSet.objects.create(
        zaak_number=zaak, title=title, submitted=submitted, submitters=list(submitters)
    )
    document = Document.objects.create(
        filename=f"{zaak or title}.pdf",
        sha256=f"{zaak or title}{number}".ljust(64, "0"),
        kind="questions",
        status="done",
        identifiers={"zaak": zaak} if zaak else {},
    )
    question_set.documents.add(document)
    for index, text in enumerate(texts, start=1):
        Question.objects.create(
            question_set=question_set, document=document, number=index, text=text
        )
    Question.objects.update(search_vector=SearchVector("text", config="dutch"))
    return question_set


@pytest.fixture
def sets(db):
    earlier = _set(
        "2019Z01234",
        "Scanners in de haven",
        [
            "Hoeveel containerscanners van Nuctech staan er in de haven van Rotterdam?",
            "Wat kost een kopje koffie?",
        ],
        submitted=datetime.date(2019, 3, 1),
        submitters=[{"name": "Spies", "party": "CDA"}],
    )
    answers = Document.objects.create(
        filename="antwoord-2019.pdf",
        sha256="a2019".ljust(64, "0"),
        kind="answers",
        status="done",
        identifiers={"session": "2018/19", "aanhangsel_number": "2107"},
        date=datetime.date(2019, 3, 20),
    )
    earlier.documents.add(answers)
    question_set_status_refresh([earlier.pk])  # as ingestion does
    answer = answers.passages.create(
        order=1,
        role="answer",
        answer_numbers=[1],
        text="In de Rotterdamse haven staan vier scanners van Nuctech; de Douane vervangt ze.",
    )
    Link.objects.create(
        question=earlier.questions.get(number=1),
        passage=answer,
        method=Link.Method.EXPLICIT,
        score=1.0,
        evidence={"answer_numbers": [1]},
    )
    later = _set(
        "2023Z11786",
        "Chinese scanners bij de douane",
        [
            "Bent u bekend met het bericht over scanners?",
            "Klopt het dat de Douane in de haven van Rotterdam scanners van Nuctech gebruikt?",
        ],
        submitted=datetime.date(2023, 6, 23),
        submitters=[{"name": "Rajkowski", "party": "VVD"}, {"name": "Van Dijk", "party": "SP"}],
        number=1,
    )
    return earlier, later


def test_a_set_opens_by_its_zaak_number_and_still_by_its_id(client_for, policy_staff, sets):
    _, later = sets
    client = client_for(policy_staff)
    for url in ["/vragen/2023Z11786/", "/vragen/2023z11786/", f"/vragen/{later.pk}/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Chinese scanners bij de douane" in response.content.decode()
    assert client.get("/vragen/2023Z99999/").status_code == 404
    assert client.get("/vragen/abc/").status_code == 404
    assert later.get_absolute_url() == "/vragen/2023Z11786/"
    # A zaak number of another form is no permalink: the id is.
    odd = QuestionSet.objects.create(zaak_number="OUD-17", title="Oud")
    assert odd.get_absolute_url() == f"/vragen/{odd.pk}/"
    assert client.get(odd.get_absolute_url()).status_code == 200


def test_each_question_has_its_own_page(client_for, policy_staff, sets):
    _, later = sets
    question = later.questions.get(number=2)
    footnote = question.document.footnotes.create(
        order=1, marker="1", text="NOS, https://nos.nl/artikel/1", urls=["https://nos.nl/artikel/1"]
    )
    question.footnotes.add(footnote)
    client = client_for(policy_staff)
    response = client.get(reverse("question_detail", args=["2023Z11786", 2]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "scanners van Nuctech gebruikt?" in html
    assert "Bronnen" in html and 'href="https://nos.nl/artikel/1"' in html
    assert "Passages die deze vraag beantwoorden" in html
    assert 'rel="prev" href="/vragen/2023Z11786/1/"' in html
    assert client.get(reverse("question_detail", args=["2023Z11786", 9])).status_code == 404
    assert client.get(reverse("question_detail", args=[later.pk, 2])).status_code == 200
    # The set page links each question to its page.
    set_html = client.get("/vragen/2023Z11786/").content.decode()
    assert 'href="/vragen/2023Z11786/2/"' in set_html


def test_the_question_page_shows_similar_earlier_questions_with_their_answers(
    client_for, policy_staff, sets
):
    earlier, later = sets
    client = client_for(policy_staff)
    html = client.get(reverse("question_detail", args=["2023Z11786", 2])).content.decode()
    section = html[html.index('class="similar-questions"') :]
    similar = earlier.questions.get(number=1)
    assert f'id="similar-{similar.pk}"' in section
    assert 'href="/vragen/2019Z01234/1/"' in section
    # Why: the shared words, in the earlier question's spelling, marked in its text.
    words = section[section.index("Gedeelde woorden") :].split("</p>")[0]
    for word in ["haven", "rotterdam", "nuctech"]:
        assert f"<mark>{word}</mark>".lower() in words.lower()
    assert "<mark>haven</mark> van <mark>Rotterdam</mark>" in section
    # Its answer, the passage itself, with the words shared with this question marked.
    assert "Expliciet antwoord" in section
    assert "<mark>scanners</mark> van <mark>Nuctech</mark>" in section
    # The unrelated question of the earlier set is not similar; a later set never is.
    assert f'id="similar-{earlier.questions.get(number=2).pk}"' not in section
    earlier_html = client.get(reverse("question_detail", args=["2019Z01234", 1])).content
    assert b'href="/vragen/2023Z11786/2/"' not in earlier_html


def test_the_question_page_shows_candidates_and_the_history(
    client_for, policy_staff, curator, sets
):
    earlier, later = sets
    question = later.questions.get(number=2)
    letter = Document.objects.create(
        filename="brief.pdf", sha256="b".ljust(64, "0"), kind="letter", status="done"
    )
    rejected = Link.objects.create(
        question=question,
        passage=letter.passages.create(order=1, text="Over dijken."),
        method=Link.Method.LEXICAL,
        score=0.6,
        evidence={"terms": ["dijk"]},
    )
    link_reject(link=rejected, curator=curator)
    LinkCandidate.objects.create(
        question=question,
        passage=letter.passages.create(order=2, text="Scanners in havens."),
        probability=0.2,
        evidence={"terms": ["scanner"]},
    )
    html = client_for(policy_staff).get(reverse("question_detail", args=["2023Z11786", 2]))
    html = html.content.decode()
    assert "Mogelijk ook relevant" in html
    history = html[html.index('class="question-history"') :]
    assert "Afgewezen" in history and "curator" in history
    # A rejected link is history, not an answer.
    answers = html[html.index("Passages die deze vraag") : html.index("Mogelijk ook relevant")]
    assert f'id="link-{rejected.pk}"' not in answers
    assert "Nog geen document beantwoordt deze vraag." in answers


def test_the_question_page_needs_a_bounded_number_of_queries(
    client_for, policy_staff, sets, django_assert_max_num_queries
):
    client = client_for(policy_staff)
    client.get(reverse("dashboard"))
    with django_assert_max_num_queries(20):
        response = client.get(reverse("question_detail", args=["2023Z11786", 2]))
    assert response.status_code == 200


def test_official_publication_addresses(client_for, policy_staff, sets):
    earlier, _ = sets
    assert kamerstuk_id("31 934", "65") == "kst-31934-65"
    assert kamerstuk_id("36 200-XII", "9") == "kst-36200-XII-9"
    assert kamerstuk_id("", "9") is None and kamerstuk_id("31 934", "") is None
    assert aanhangsel_id("2022/23", "3107") == "ah-tk-20222023-3107"
    assert aanhangsel_id("2022/25", "3107") is None
    letter = Document(identifiers={"kamerstuk_dossier": "31 934", "kamerstuk_number": "65"})
    assert (
        document_publication(letter).url
        == "https://zoek.officielebekendmakingen.nl/kst-31934-65.html"
    )
    assert document_publication(Document(identifiers={})) is None
    html = client_for(policy_staff).get("/vragen/2019Z01234/").content.decode()
    assert 'href="https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?id=2019Z01234"' in html
    assert 'href="https://zoek.officielebekendmakingen.nl/kv-tk-2019Z01234"' in html
    assert 'href="https://zoek.officielebekendmakingen.nl/ah-tk-20182019-2107.html"' in html
    page = client_for(policy_staff).get("/vragen/2019Z01234/1/").content.decode()
    assert "detail?id=2019Z01234" in page
    # A set without a zaak number has no such address.
    nameless = _set(None, "Zonder zaak", ["Vraag?"], submitted=None, number=5)
    html = client_for(policy_staff).get(f"/vragen/{nameless.pk}/").content.decode()
    assert "tweedekamer.nl" not in html


def test_member_and_party_pages_list_their_sets_and_answer_times(client_for, policy_staff, sets):
    earlier, later = sets
    client = client_for(policy_staff)
    set_html = client.get("/vragen/2023Z11786/").content.decode()
    assert (
        '<a href="/leden/Rajkowski/">Rajkowski</a> (<a href="/partijen/VVD/">VVD</a>)' in set_html
    )
    assert '<a href="/leden/Van%20Dijk/">Van Dijk</a>' in set_html

    response = client.get("/leden/Spies/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "2019Z01234" in html and "2023Z11786" not in html
    assert 'data-figure="answered">1<' in html
    assert 'data-figure="median">19 dagen<' in html  # 1 → 20 March 2019
    assert response.context["summary"].median_days == 19

    party = client.get("/partijen/VVD/")
    assert party.status_code == 200
    assert "2023Z11786" in party.content.decode()
    assert party.context["summary"].answered == 0
    assert party.context["summary"].total == 1
    # Whole party names: "SP" is not a part of "Spies".
    sp = client.get("/partijen/SP/").content.decode()
    assert "2023Z11786" in sp and "2019Z01234" not in sp
    assert client.get("/leden/Nobody/").status_code == 404
    assert client.get("/partijen/S/").status_code == 404


def test_the_history_names_the_system_once(client_for, policy_staff, sets):
    """'Voorgesteld door het systeem · systeem': the action says who already."""
    from kamervragen.models import LinkEvent

    question = sets[1].questions.get(number=1)
    letter = Document.objects.create(
        filename="brief.pdf", sha256="b".ljust(64, "0"), kind="letter", status="done"
    )
    link = Link.objects.create(
        question=question,
        passage=letter.passages.create(order=1, text="Over scanners."),
        method=Link.Method.LEXICAL,
        score=0.6,
    )
    LinkEvent.objects.create(link=link, action=LinkEvent.Action.SUGGESTED, to_status="suggested")
    moved = Link.objects.create(
        question=question,
        passage=letter.passages.create(order=2, text="Over havens."),
        method=Link.Method.LEXICAL,
        score=0.5,
    )
    LinkEvent.objects.create(link=moved, action=LinkEvent.Action.MOVED, to_status="suggested")
    html = client_for(policy_staff).get(reverse("question_detail", args=["2023Z11786", 1]))
    history = html.content.decode()
    history = history[history.index('class="question-history"') :]
    assert "Voorgesteld door het systeem · <a " in history
    assert "systeem · systeem" not in history
    # An action that does not say who did it still names the system.
    assert "Verplaatst naar de passage na opnieuw verwerken · systeem · <a " in history


def test_the_history_leaves_out_the_question_s_own_footnote(client_for, policy_staff, sets):
    """The question's own footnote is shown as a source ("Bronnen"), never as a link a
    curator decides on: "Voorgesteld door het systeem · Voetnoot 1" in the history pointed
    at nothing on the page, beside "Nog geen document beantwoordt deze vraag"."""
    from documents.models import Footnote
    from kamervragen.models import LinkEvent

    question = sets[1].questions.get(number=1)
    source = Footnote.objects.create(
        document=question.document, order=1, marker="1", text="NRC, 1 juni 2023"
    )
    link = Link.objects.create(
        question=question, footnote=source, method=Link.Method.SOURCE, score=1.0
    )
    LinkEvent.objects.create(link=link, action=LinkEvent.Action.SUGGESTED, to_status="suggested")

    page = client_for(policy_staff).get(reverse("question_detail", args=["2023Z11786", 1]))

    history = page.content.decode()
    history = history[history.index('class="question-history"') :]
    assert "Voetnoot" not in history
    assert "Nog geen wijzigingen." in history


def test_a_source_reprinted_by_the_answers_is_listed_once(client_for, policy_staff, sets):
    """The Aanhangsel reprints the questions with their footnotes: uploaded after the
    questions, each source was listed twice under "Bronnen" (on the set's page and the
    question's). A footnote of the same document with the same text still counts."""
    _, later = sets
    question = later.questions.get(number=2)
    answers = Document.objects.create(
        filename="aanhangsel.pdf", sha256="aanhangsel".ljust(64, "0"), kind="answers"
    )
    later.documents.add(answers)
    own = question.document.footnotes.create(order=3, marker="2", text="NOS, 8 juni 2023.")
    reprinted = answers.footnotes.create(order=1, marker="2", text=" NOS,  8 juni 2023. ")
    other = answers.footnotes.create(order=2, marker="3", text="FTM, 9 juni 2023.")
    question.footnotes.add(own, reprinted, other)
    client = client_for(policy_staff)
    for url in [reverse("question_detail", args=["2023Z11786", 2]), "/vragen/2023Z11786/"]:
        html = client.get(url).content.decode()
        assert html.count("8 juni 2023.") == 1, url
        assert html.count("FTM, 9 juni 2023.") == 1, url
        assert html.index("NOS, 8 juni 2023.") < html.index("FTM, 9 juni 2023."), url


def test_the_history_names_the_passage_of_each_link_to_one_letter(
    client_for, policy_staff, curator, sets
):
    """Two passages of one letter added by hand read "Handmatig toegevoegd · curator · brief"
    twice: the history names each passage as the answers do (heading, page) and quotes its
    opening words, which tell apart two passages under one heading on one page."""
    from kamervragen.curation import link_add

    question = sets[1].questions.get(number=2)
    letter = Document.objects.create(
        filename="brief.pdf", sha256="b".ljust(64, "0"), kind="letter", status="done"
    )
    first = letter.passages.create(
        order=1, heading="Scanners", page=2, text="De Douane gebruikt vier scanners van Nuctech."
    )
    second = letter.passages.create(
        order=2, heading="Scanners", page=2, text="Het kabinet vervangt de scanners in 2025."
    )
    link_add(question=question, passage=first, curator=curator)
    link_add(question=question, passage=second, curator=curator)

    html = client_for(policy_staff).get(reverse("question_detail", args=["2023Z11786", 2]))
    history = html.content.decode()
    history = history[history.index('class="question-history"') :]
    entries = [entry.split("</li>")[0] for entry in history.split('<li data-action="added">')[1:]]
    assert len(entries) == 2
    assert entries[0] != entries[1]
    assert all("Scanners · p. 2" in entry for entry in entries)
    assert any("De Douane gebruikt vier scanners" in entry for entry in entries)
    assert any("Het kabinet vervangt de scanners" in entry for entry in entries)


def test_a_members_page_names_overdue_sets_as_the_set_pages_do(client_for, policy_staff, db):
    """The member's figures said "Te laat" for what the set list, the set pages and the
    exports call "Open na de termijn"."""
    today = datetime.date.today()
    QuestionSet.objects.create(
        title="Vragen over treinen",
        submitted=today - datetime.timedelta(days=40),
        due=today - datetime.timedelta(days=19),
        submitters=[{"name": "Bikker", "party": "CU"}],
    )
    html = client_for(policy_staff).get("/leden/Bikker/").content.decode()
    assert '<dt>Open na de termijn</dt><dd data-figure="overdue">1<' in html
    assert "Te laat" not in html
