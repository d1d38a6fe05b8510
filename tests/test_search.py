"""Search everything (kamervragen.search and /zoeken/): every kind, filters on whole values,
direct hits, database-kept vectors, escaped snippets, the document list."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from documents.models import Document, Footnote, Passage
from kamervragen.models import Question, QuestionSet
from kamervragen.search import COUNT_LIMIT, KINDS, search
from kamervragen.selectors import MARK_START, MARK_STOP

pytestmark = pytest.mark.django_db
D = datetime.date


def _document(name: str, kind: str, *, date=None, identifiers=None, question_set=None):
    document = Document.objects.create(
        filename=f"{name}.pdf",
        sha256=name.ljust(64, "0"),
        kind=kind,
        status=Document.Status.DONE,
        title=name,
        date=date,
        identifiers=identifiers or {},
    )
    if question_set:
        question_set.documents.add(document)
    return document


@pytest.fixture
def corpus(db):
    scanners = QuestionSet.objects.create(
        zaak_number="2023Z11786",
        title="Chinese scanners bij de douane",
        submitted=D(2023, 6, 23),
        submitters=[{"name": "Rajkowski", "party": "VVD"}, {"name": "Spies", "party": "CDA"}],
        addressed_to=["Staatssecretaris van Financiën"],
    )
    housing = QuestionSet.objects.create(
        zaak_number="2021Z00042",
        title="Huurprijzen in Groningen",
        submitted=D(2021, 3, 1),
        submitters=[{"name": "Leijten", "party": "SP"}],
        addressed_to=["Minister van Binnenlandse Zaken"],
    )
    questions = _document("vragen-2023Z11786", "questions", question_set=scanners)
    Question.objects.create(
        question_set=scanners, document=questions, number=1, text="Gebruikt de douane röntgen?"
    )
    housing_questions = _document("vragen-2021Z00042", "questions", question_set=housing)
    Question.objects.create(
        question_set=housing,
        document=housing_questions,
        number=1,
        text="Hoeveel huurwoningen staan leeg in Groningen?",
    )
    answers = _document("antwoord", "answers", date=D(2023, 7, 20), question_set=scanners)
    Passage.objects.create(
        document=answers,
        order=1,
        role="answer",
        text="De Douane gebruikt sinds 2019 containerscanners van Nuctech.",
    )
    letter = _document(
        "brief",
        "letter",
        date=D(2023, 9, 1),
        identifiers={"kamerstuk_dossier": "31 934", "kamerstuk_number": "65"},
    )
    Passage.objects.create(
        document=letter,
        order=1,
        heading="Onderzoek",
        text="Het onderzoek is uitgevoerd door TNO met expertsessies bij de Douane.",
    )
    Footnote.objects.create(
        document=letter, order=1, marker="1", text="Rapport van KPMG over informatiebeveiliging."
    )
    return {"scanners": scanners, "housing": housing, "letter": letter, "answers": answers}


def _counts(results) -> dict[str, int]:
    return {group.kind: group.count for group in results.groups}


def _plain(snippet: str) -> str:
    return snippet.replace(MARK_START, "[").replace(MARK_STOP, "]")


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("huurprijzen", "sets"),  # a set's title
        ("Leijten", "sets"),  # a submitter's name
        ("röntgen", "questions"),
        ("Nuctech", "answers"),
        ("TNO", "letters"),
        ("KPMG", "footnotes"),
    ],
)
def test_each_kind_is_found_by_its_own_words(corpus, query, kind):
    counts = _counts(search(query))
    assert counts[kind] == 1
    assert sum(counts.values()) == 1, counts


def test_results_come_grouped_per_kind_with_marked_snippets_in_their_own_words(corpus):
    results = search("expertsessies")
    assert [group.kind for group in results.groups] == list(KINDS)
    (hit,) = next(group for group in results.groups if group.kind == "letters").hits
    assert "[expertsessies]" in _plain(hit.snippet)  # the word as written, not the stem
    assert hit.url == reverse("documents:detail", args=[corpus["letter"].pk]) + (
        f"?passage={hit.object.pk}#passage-{hit.object.pk}"
    )
    assert hit.title == "Onderzoek"
    assert hit.context == "brief"  # the document beside its section's heading


def test_a_passage_without_heading_names_its_document_once(corpus):
    (hit,) = next(group for group in search("Nuctech").groups if group.kind == "answers").hits
    assert (hit.title, hit.context) == ("antwoord", "")  # not "antwoord antwoord"


def test_the_kind_filter_narrows_the_groups(corpus):
    results = search("douane", kinds=["letters", "answers", "nonsense"])
    assert _counts(results) == {"answers": 1, "letters": 1}


def test_the_date_range_applies_to_sets_and_documents(corpus):
    counts = _counts(search("douane", date_from=D(2023, 8, 1)))
    assert counts == {"sets": 0, "questions": 0, "answers": 0, "letters": 1, "footnotes": 0}
    counts = _counts(search("douane", date_to=D(2023, 7, 1)))
    assert counts == {"sets": 1, "questions": 1, "answers": 0, "letters": 0, "footnotes": 0}


def test_the_ministry_member_and_party_filters_reach_the_sets_questions_and_answers(corpus):
    for criteria in [{"ministry": "Financiën"}, {"member": "Rajkowski"}, {"party": "VVD"}]:
        counts = _counts(search("douane", **criteria))
        assert counts == {"sets": 1, "questions": 1, "answers": 1, "letters": 0, "footnotes": 0}
    assert _counts(search("douane", ministry="Binnenlandse Zaken"))["sets"] == 0
    # Without words: everything the filter keeps.
    assert _counts(search("", member="Leijten")) == {
        "sets": 1,
        "questions": 1,
        "answers": 0,
        "letters": 0,
        "footnotes": 0,
    }


def test_the_member_and_party_filters_match_whole_names_not_parts(corpus, client_for, policy_staff):
    # "SP" is Leijten's party, and a part of the name Spies (CDA): only Leijten's set.
    sets = search("", party="SP", kinds=["sets"]).groups[0].hits
    assert [hit.object for hit in sets] == [corpus["housing"]]
    assert search("", member="Spie", kinds=["sets"]).groups[0].count == 0
    # The question set list too, without case.
    client = client_for(policy_staff)
    for submitter, expected in [("SP", ["2021Z00042"]), ("sp", ["2021Z00042"]), ("spie", [])]:
        html = client.get(reverse("question_set_list"), {"submitter": submitter}).content
        listed = re.findall(r'<tr id="set-\d+">\s*<th scope="row"><a [^>]*>(\w+)<', html.decode())
        assert listed == expected, submitter


def test_the_filter_choices_come_from_the_data(corpus, client_for, policy_staff):
    html = client_for(policy_staff).get(reverse("search"), {"q": "douane"}).content.decode()
    ministry = re.search(r'<select id="id_ministry".*?</select>', html, re.S).group()
    assert re.findall(r"<option>(.*?)</option>", ministry) == ["Binnenlandse Zaken", "Financiën"]
    party = re.search(r'<select id="id_party".*?</select>', html, re.S).group()
    assert re.findall(r"<option>(.*?)</option>", party) == ["CDA", "SP", "VVD"]


@pytest.mark.parametrize("query", ["2023Z11786", "2023z11786", "vragen 2023Z11786"])
def test_a_zaak_number_finds_its_set_first(corpus, query):
    results = search(query)
    assert results.direct[0].kind == "set"
    assert results.direct[0].url == reverse("question_set_detail", args=[corpus["scanners"].pk])


@pytest.mark.parametrize("query", ["31 934, nr. 65", "31934-65", "31934, nr 65"])
def test_a_kamerstuk_number_finds_its_document(corpus, query):
    (hit,) = search(query).direct
    assert hit.kind == "document"
    assert hit.label == "Kamerstuk 31 934, nr. 65"
    assert hit.url == reverse("documents:detail", args=[corpus["letter"].pk])


@pytest.mark.parametrize("query", ["31934", "31 934", "Kamerstuk 31 934", " kamerstuk 31934 "])
def test_a_dossier_number_alone_finds_the_dossier_s_documents(corpus, query):
    """The letter is Kamerstuk 31 934, nr. 65; its text never spells the dossier out, so
    "31934" found nothing and "31 934" only footnotes citing other papers of it."""
    (hit,) = search(query).direct
    assert (hit.kind, hit.label) == ("document", "Kamerstuk 31 934, nr. 65")
    assert hit.url == reverse("documents:detail", args=[corpus["letter"].pk])


def test_a_number_among_words_is_no_dossier(corpus):
    assert search("31934 euro").direct == []


def test_an_exact_hit_alone_is_not_called_nothing_found(corpus, client_for, policy_staff):
    """ "Precies gevonden: Kamerstuk 31 934, nr. 65" above "Niets gevonden." read as a
    contradiction: the text search found nothing more, the page found the letter."""
    html = client_for(policy_staff).get(reverse("search"), {"q": "31 934, nr. 65"})
    html = html.content.decode()
    assert "Precies gevonden" in html
    assert "Niets gevonden." not in html
    assert "Verder niets gevonden." in html
    assert "0 resultaten" not in html  # no row of zero counts above "Verder niets gevonden."


def test_a_member_name_finds_the_member_and_the_sets(corpus):
    results = search("rajkowski")
    assert [(hit.kind, hit.label) for hit in results.direct] == [("member", "Rajkowski")]
    assert "member=Rajkowski" in results.direct[0].url
    assert [hit.object for hit in results.groups[0].hits] == [corpus["scanners"]]


def test_a_question_saved_in_the_admin_is_searchable_at_once(corpus, client):
    admin = get_user_model().objects.create_superuser("beheer", "b@example.org", "pw")
    client.force_login(admin)
    question = Question.objects.get(question_set=corpus["housing"])
    response = client.post(
        reverse("admin:kamervragen_question_change", args=[question.pk]),
        {
            "question_set": question.question_set_id,
            "document": question.document_id,
            "number": 1,
            "text": "Hoeveel studentenkamers staan leeg?",
            "lemmas": "",
        },
    )
    assert response.status_code == 302
    assert _counts(search("studentenkamers"))["questions"] == 1
    assert _counts(search("huurwoningen"))["questions"] == 0


def test_snippets_are_escaped_and_only_the_marks_are_html(corpus, client_for, policy_staff):
    Passage.objects.create(
        document=corpus["letter"],
        order=2,
        text='5 < 6 en "TNO" <img src=x onerror=alert(1)> <script>alert(2)</script> TNO.',
    )
    html = client_for(policy_staff).get(reverse("search"), {"q": "TNO"}).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    # PostgreSQL drops what it parses as tags; the rest arrives as text, escaped.
    assert "<mark>TNO</mark>&quot; &lt;img src=x onerror=alert(1)&gt;" in html


def test_sort_by_date_puts_the_newest_first(corpus):
    older = _document("oude-brief", "letter", date=D(2010, 1, 1))
    Passage.objects.create(document=older, order=1, text="De Douane en TNO in 2010.")
    by_date = search("TNO", kinds=["letters"], sort="date").groups[0].hits
    assert [hit.date for hit in by_date] == [D(2023, 9, 1), D(2010, 1, 1)]


def test_each_kind_pages_on_its_own(corpus, client_for, policy_staff):
    for order in range(2, 14):
        Passage.objects.create(document=corpus["letter"], order=order, text=f"TNO punt {order}.")
    first, second = (
        search("TNO", pages={"letters": page}, per_page=10).groups[3] for page in (1, 2)
    )
    assert (first.count, first.num_pages, len(first.hits), len(second.hits)) == (13, 2, 10, 3)
    assert not {hit.object.pk for hit in first.hits} & {hit.object.pk for hit in second.hits}
    html = client_for(policy_staff).get(reverse("search"), {"q": "TNO"}).content.decode()
    assert "page_letters=2" in html


def test_counts_stop_at_the_limit(corpus, monkeypatch):
    monkeypatch.setattr("kamervragen.search.COUNT_LIMIT", 2)
    for order in range(2, 6):
        Passage.objects.create(document=corpus["letter"], order=order, text=f"TNO punt {order}.")
    group = search("TNO", kinds=["letters"]).groups[0]
    assert (group.count, group.more) == (2, True)
    assert COUNT_LIMIT >= 1000


@pytest.mark.parametrize(
    "params",
    [
        {"q": "douane", "date_from": "gisteren", "page_letters": "x", "sort": "wild"},
        {"q": "douane", "page_sets": "99999999999"},
        {"q": '"ongesloten -', "kind": "onbekend"},
        {"q": "x" * 5000},
        {"member": "Niemand"},
    ],
)
def test_odd_input_never_fails(corpus, client_for, policy_staff, params):
    assert client_for(policy_staff).get(reverse("search"), params).status_code == 200


def test_search_is_for_logged_in_users(corpus, client):
    response = client.get(reverse("search"), {"q": "douane"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_document_list_browses_by_kind_and_date(corpus, client_for, policy_staff):
    client = client_for(policy_staff)
    html = client.get(reverse("documents:list")).content.decode()
    # Dated documents newest first, undated last.
    assert html.index(">brief<") < html.index(">antwoord<") < html.index(">vragen-2023Z11786<")
    html = client.get(reverse("documents:list"), {"kind": "letter"}).content.decode()
    assert ">brief<" in html and ">antwoord<" not in html
    html = client.get(reverse("documents:list"), {"date_to": "2023-08-01"}).content.decode()
    assert ">antwoord<" in html and ">brief<" not in html
    odd = client.get(reverse("documents:list"), {"date_to": "nooit", "page": "z"})
    assert odd.status_code == 200


def test_the_document_list_pages(client_for, policy_staff):
    for index in range(55):
        _document(f"brief-{index:02d}", "letter", date=D(2020, 1, 1) + datetime.timedelta(index))
    client = client_for(policy_staff)
    first = client.get(reverse("documents:list")).content.decode()
    assert ">brief-54<" in first and ">brief-04<" not in first
    second = client.get(reverse("documents:list"), {"page": 2}).content.decode()
    assert ">brief-04<" in second


def test_a_set_saved_after_the_choices_were_read_is_among_them_at_once(corpus):
    assert search("", party="PvdD").groups[0].count == 0  # the choices are cached now
    QuestionSet.objects.create(
        zaak_number="2024Z00777",
        title="Dierenwelzijn",
        submitters=[{"name": "Ouwehand", "party": "PvdD"}],
        addressed_to=["Minister van Landbouw"],
    )
    assert search("", party="PvdD", kinds=["sets"]).groups[0].count == 1
    assert search("", member="ouwehand", kinds=["sets"]).groups[0].count == 1
    assert search("", ministry="Landbouw", kinds=["sets"]).groups[0].count == 1


@pytest.mark.parametrize("limit", [2, COUNT_LIMIT])
def test_date_order_is_the_same_for_few_and_for_many_matches(corpus, monkeypatch, limit):
    # Past COUNT_LIMIT matches, the newest are found by walking documents newest first.
    monkeypatch.setattr("kamervragen.search.COUNT_LIMIT", limit)
    for index, day in enumerate([D(2015, 1, 1), None, D(2024, 5, 1), D(2019, 2, 2)]):
        letter = _document(f"brief-{index}", "letter", date=day)
        for order in (2, 1):
            Passage.objects.create(document=letter, order=order, text=f"TNO {index}.{order}")
    hits = search("TNO", kinds=["letters"], sort="date", per_page=20).groups[0].hits
    assert [hit.object.text for hit in hits] == [
        "TNO 2.1",
        "TNO 2.2",
        "Het onderzoek is uitgevoerd door TNO met expertsessies bij de Douane.",
        "TNO 3.1",
        "TNO 3.2",
        "TNO 0.1",
        "TNO 0.2",
        "TNO 1.1",
        "TNO 1.2",
    ]


@pytest.mark.parametrize("q", ["2023Z11786", "Rajkowski", "VVD"])
def test_the_question_set_list_search_finds_zaak_numbers_and_submitters(
    corpus, client_for, policy_staff, q
):
    html = client_for(policy_staff).get(reverse("question_set_list"), {"q": q}).content.decode()
    assert re.findall(r'<tr id="set-(\d+)"', html) == [str(corpus["scanners"].pk)]


def test_a_long_query_is_shortened_between_words_not_inside_one(corpus):
    """Past MAX_QUERY_LENGTH the query is cut at the last space before it: a word cut in two
    ('gebruikt gebruikt … geb') would be searched as another word and, ANDed, find nothing."""
    from kamervragen.search import MAX_QUERY_LENGTH

    query = " ".join(["gebruikt"] * (MAX_QUERY_LENGTH // 9 + 5))
    assert query[MAX_QUERY_LENGTH - 1] != " " and query[MAX_QUERY_LENGTH] != " "
    results = search(query, kinds=["questions"])
    assert len(results.query) <= MAX_QUERY_LENGTH and results.query.endswith(" gebruikt")
    assert results.groups[0].count == search("gebruikt", kinds=["questions"]).groups[0].count > 0
    # One word longer than the limit is still cut at the limit.
    assert len(search("x" * 5000).query) == MAX_QUERY_LENGTH


def test_a_shortened_query_is_said_on_the_page(corpus, client_for, policy_staff):
    """A query past MAX_QUERY_LENGTH was cut without a word: the user saw results (or none)
    for a query other than the one typed, and no reason."""
    from kamervragen.search import MAX_QUERY_LENGTH

    client = client_for(policy_staff)
    long_query = " ".join(["douane"] * (MAX_QUERY_LENGTH // 7 + 10))
    html = client.get(reverse("search"), {"q": long_query}).content.decode()
    assert f"alleen de eerste {MAX_QUERY_LENGTH} tekens" in html
    assert search(long_query).shortened and not search("douane").shortened
    html = client.get(reverse("search"), {"q": "douane"}).content.decode()
    assert "alleen de eerste" not in html


@pytest.mark.parametrize("query", ["de", "de het en", '"van de" -het'])
def test_a_query_of_only_common_words_says_why_nothing_is_found(
    corpus, client_for, policy_staff, query
):
    """Words the 'dutch' configuration leaves out (de, het, en, …) make an empty query: the
    page said only "Niets gevonden.", as if the archive had no "de" in it."""
    results = search(query)
    assert results.total == 0 and results.only_common_words
    html = client_for(policy_staff).get(reverse("search"), {"q": query}).content.decode()
    assert "te algemeen zijn om op te zoeken" in html
    assert not search("douane").only_common_words
    assert not search("xyzzyqq").only_common_words  # a rare word found nowhere: just nothing


def test_a_set_title_and_a_footnote_are_shown_whole_with_their_words_marked(db):
    """With MaxFragments PostgreSQL ignores HighlightAll and trims a headline to fragments:
    a set's title lost its first short word and its closing quote ("bericht «België …
    (nog) niet" for "Het bericht «België … (nog) niet»")."""
    title = (
        "Het bericht «België verbiedt aankoop van Chinese röntgencamera’s voor de douane, "
        "Nederland (nog) niet»"
    )
    scanners = QuestionSet.objects.create(zaak_number="2023Z11786", title=title)
    letter = _document("brief", "letter")
    note = "Zie: het rapport van KPMG over informatiebeveiliging bij de Douane."
    Footnote.objects.create(document=letter, order=1, marker="1", text=note)

    results = search("röntgencamera’s")
    (hit,) = next(group for group in results.groups if group.kind == "sets").hits
    assert hit.object == scanners
    assert _plain(hit.snippet) == title.replace("röntgencamera", "[röntgencamera]").replace(
        "’s", "’[s]"
    )
    results = search("KPMG")
    (hit,) = next(group for group in results.groups if group.kind == "footnotes").hits
    assert _plain(hit.snippet) == note.replace("KPMG", "[KPMG]")


def test_searching_for_nothing_says_what_to_fill_in(corpus, client_for, policy_staff):
    """ "Zoeken" with an empty box and no filter showed the same page again, without a word:
    it looked as if the button did nothing."""
    client = client_for(policy_staff)
    html = client.get(reverse("search"), {"q": "  "}).content.decode()
    assert "Vul een zoekterm in" in html
    # htmx asks for the results alone: the same words there.
    partial = client.get(reverse("search"), {"q": ""}, headers={"HX-Request": "true"})
    assert "Vul een zoekterm in" in partial.content.decode()
    # The page opened from the menu asks nothing yet; a search with words finds them.
    assert "Vul een zoekterm in" not in client.get(reverse("search")).content.decode()
    assert (
        "Vul een zoekterm in" not in client.get(reverse("search"), {"q": "douane"}).content.decode()
    )


def test_the_filters_reach_the_letters_and_later_runs_that_answer_a_set(corpus):
    """A reply letter belongs to no set, and a document answering several sets to one: the
    member, party and ministry filters found neither for the sets they answer besides (a
    policy officer filtering on Rajkowski missed the letter that answers Rajkowski)."""
    scanners, letter, answers = corpus["scanners"], corpus["letter"], corpus["answers"]
    housing = corpus["housing"]
    scanners.reply_letters.add(letter)
    housing.run_answers.add(answers)
    for criteria in [{"ministry": "Financiën"}, {"member": "Rajkowski"}, {"party": "VVD"}]:
        counts = _counts(search("douane", **criteria))
        assert counts == {"sets": 1, "questions": 1, "answers": 1, "letters": 1, "footnotes": 0}
        assert _counts(search("KPMG", **criteria))["footnotes"] == 1
    assert _counts(search("Nuctech", member="Leijten"))["answers"] == 1  # its later run
    assert _counts(search("douane", member="Leijten"))["letters"] == 0
