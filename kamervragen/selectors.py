from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from documents.models import Footnote
from kamervragen.models import Link, LinkEvent, Question, QuestionSet


def question_sets_overview() -> QuerySet[QuestionSet]:
    return QuestionSet.objects.annotate(
        question_count=Count("questions", distinct=True),
        linked_question_count=Count(
            "questions",
            filter=Q(questions__links__status__in=[Link.Status.SUGGESTED, Link.Status.CONFIRMED]),
            distinct=True,
        ),
    ).order_by("-submitted", "-created_at")


def links_for_display() -> QuerySet[Link]:
    return Link.objects.select_related(
        "passage__document", "footnote__document", "curated_by"
    ).prefetch_related(
        Prefetch("events", queryset=LinkEvent.objects.select_related("actor").order_by("pk"))
    )


def question_set_with_links(pk: int) -> QuestionSet:
    questions = Question.objects.order_by("number").prefetch_related(
        Prefetch("links", queryset=links_for_display().order_by("status", "-score")),
        Prefetch("footnotes", queryset=Footnote.objects.order_by("order")),
    )
    return get_object_or_404(
        QuestionSet.objects.prefetch_related(Prefetch("questions", queryset=questions)), pk=pk
    )


def unanswered_questions(limit: int = 20) -> QuerySet[Question]:
    answered = Q(links__status__in=[Link.Status.SUGGESTED, Link.Status.CONFIRMED])
    return (
        Question.objects.exclude(answered)
        .select_related("question_set")
        .order_by("-question_set__submitted", "question_set", "number")[:limit]
    )
