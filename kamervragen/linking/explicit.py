"""Links that need no ranking: numbered answers and a question's own footnotes."""

from django.db.models import QuerySet

from documents.models import Footnote, Passage
from kamervragen.linking.referred import referred_answer_links
from kamervragen.linking.store import link_store
from kamervragen.models import Link, Question


def explicit_links(question: Question, answers: QuerySet[Passage]) -> int:
    """Every answer passage with the question's number, a further answer ("Nader
    antwoord") as a link of its own beside the first answer, and the answers an answer
    refers to ("Zie het antwoord op vraag 3"), in this set or in a paper it names
    (`referred`)."""
    made = 0
    own = list(answers.filter(answer_numbers__contains=[question.number]))
    for passage in own:
        evidence: dict = {"answer_numbers": passage.answer_numbers}
        if passage.is_further_answer:
            evidence["further_answer"] = True
        made += link_store(question, Link.Method.EXPLICIT, 1.0, evidence, passage=passage)
    referred = {n for passage in own for n in passage.refers_to_numbers} - {question.number}
    if referred:  # "Zie het antwoord op vraag 3": that answer answers this question too
        for passage in answers.filter(answer_numbers__overlap=sorted(referred)):
            evidence = {"answer_numbers": passage.answer_numbers, "referred_from": question.number}
            made += link_store(question, Link.Method.EXPLICIT, 1.0, evidence, passage=passage)
    return made + referred_answer_links(question, own)


def explicitly_answered(
    question_ids: list[int], passages: QuerySet[Passage]
) -> frozenset[tuple[int, int]]:
    """(question id, document id) of every explicit answer among these passages."""
    return frozenset(
        Link.objects.filter(
            question_id__in=question_ids, passage__in=passages, method=Link.Method.EXPLICIT
        ).values_list("question_id", "passage__document_id")
    )


def source_links(question: Question) -> int:
    """The question's footnotes: the articles and papers it cites."""
    made = 0
    for footnote in Footnote.objects.filter(questions=question):
        evidence = {"marker": footnote.marker, "urls": footnote.urls}
        made += link_store(question, Link.Method.SOURCE, 1.0, evidence, footnote=footnote)
    return made
