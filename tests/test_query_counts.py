"""Every main page needs a fixed number of queries, however many sets, links and passages."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from documents.models import Document
from kamervragen.curation import link_confirm, link_reject
from kamervragen.models import Link, LinkCandidate, Question, QuestionSet

pytestmark = pytest.mark.django_db


def _add_sets(count: int, curator) -> None:
    start = QuestionSet.objects.count()
    today = timezone.localdate()
    for index in range(start, start + count):
        question_set = QuestionSet.objects.create(
            zaak_number=f"2024Z{index:05}",
            title=f"Scanners bij de douane {index}",
            submitted=today - timedelta(days=10 + 20 * index),
            submitters=[{"name": "Lid", "party": "VVD"}],
            addressed_to=["Staatssecretaris van Financiën", "Minister van Justitie"],
        )
        questions_doc = Document.objects.create(
            filename=f"v{index}.pdf",
            sha256=f"v{index}".ljust(64, "0"),
            kind="questions",
            status="done",
        )
        reply = Document.objects.create(
            filename=f"u{index}.pdf",
            sha256=f"u{index}".ljust(64, "0"),
            kind="notice" if index % 2 else "answers",
            status="done",
        )
        question_set.documents.add(questions_doc, reply)
        letter = Document.objects.create(
            filename=f"b{index}.pdf",
            sha256=f"b{index}".ljust(64, "0"),
            kind="letter",
            status="done",
        )
        for number in range(1, 4):
            question = Question.objects.create(
                question_set=question_set,
                document=questions_doc,
                number=number,
                text=f"Hoeveel scanners gebruikt de douane {number}?",
            )
            question.footnotes.add(
                questions_doc.footnotes.create(
                    order=number, marker=str(number), text="https://example.org"
                )
            )
            for order in range(3):
                passage = letter.passages.create(
                    order=number * 10 + order,
                    heading=f"Hoofdstuk {number}",
                    text=f"De douane gebruikt scanners, passage {order}.",
                    page=number,
                )
                passage.footnotes.create(
                    document=letter, order=number * 10 + order, marker="1", text="Bron"
                )
                link = Link.objects.create(
                    question=question,
                    passage=passage,
                    method="lexical",
                    score=0.1 * (order + 1),
                    evidence={"terms": ["douan", "scanner"]},
                )
                link.events.create(action="suggested", to_status="suggested")
                if order == 0:
                    link_confirm(link=link, curator=curator)
                elif order == 1 and number == 1:
                    link_reject(link=link, curator=curator)
            LinkCandidate.objects.create(  # "Mogelijk ook relevant"
                question=question,
                passage=letter.passages.create(order=number * 10 + 9, text="Scanners, ook."),
                probability=0.3,
                evidence={"terms": ["scanner"]},
            )
        Question.objects.create(  # one that nothing answers yet
            question_set=question_set, document=questions_doc, number=4, text="En verder?"
        )


def _pages():
    question_set = QuestionSet.objects.order_by("pk").first()
    letter = Document.objects.filter(kind="letter").order_by("pk").first()
    return {
        "dashboard": reverse("dashboard"),
        "list": reverse("question_set_list"),
        "search": reverse("question_set_list") + "?q=scanners&ministry=financiën",
        "set": reverse("question_set_detail", args=[question_set.pk]),
        "document": reverse("documents:detail", args=[letter.pk]),
        "review": reverse("review_queue"),
        "overdue": reverse("overdue_by_ministry"),
        "unanswered": reverse("unanswered_questions"),
        "upload": reverse("documents:upload"),
    }


BOUNDS = {
    "dashboard": 10,
    "list": 9,
    "search": 9,
    "set": 14,  # one of them: whether the user follows the set
    "document": 11,  # one of them: the sets a letter answers besides its own (if any)
    "review": 10,
    "overdue": 6,
    "unanswered": 6,
    "upload": 8,
}


@pytest.mark.parametrize("page", sorted(BOUNDS))
def test_a_page_needs_the_same_few_queries_with_more_data(
    page, client_for, curator, clerk, django_assert_max_num_queries
):
    # The set and document pages grow by their own rows: give the first set more links.
    _add_sets(3, curator)
    client = client_for(curator)
    client.force_login(curator)
    client.get(reverse("dashboard"))  # session and permission caches warm
    url = _pages()[page]
    if page == "upload":
        client.force_login(clerk)
        client.get(url)
    with django_assert_max_num_queries(BOUNDS[page]):
        response = client.get(url)
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as few:
        client.get(url)

    _add_sets(4, curator)
    first_letter = Document.objects.filter(kind="letter").order_by("pk").first()
    first_question = Question.objects.order_by("pk").first()
    for order in range(100, 110):
        passage = first_letter.passages.create(order=order, heading="Meer", text="Nog een scanner.")
        Link.objects.create(question=first_question, passage=passage, method="lexical", score=0.5)
        LinkCandidate.objects.create(
            question=first_question,
            passage=first_letter.passages.create(order=order + 100, text="Misschien een scanner."),
            probability=0.2,
        )
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few), [q["sql"][:120] for q in more.captured_queries]
