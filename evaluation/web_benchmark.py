"""Page latency at scale (`benchmark-web`): each page requested in-process through Django's
test client (view, queries, template; no network), several times, as a user who may see
everything, with the number of queries each request ran."""

import statistics
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from documents.models import Document
from evaluation.web_corpus import LONG_REPORT_PREFIX
from kamervragen.models import Question, QuestionSet

PAGE_SIZE = 25
BENCHMARK_USER = "benchmark-web"
# Pages measured with settings of their own: the statistics as computed for every request
# (the figures are otherwise cached for STATISTICS_CACHE_SECONDS, and served from memory).
PAGE_SETTINGS = {"statistics, computed per request": {"STATISTICS_CACHE_SECONDS": 0}}


@dataclass(frozen=True)
class PageTiming:
    label: str
    url: str
    p50_ms: float
    p95_ms: float
    queries: int
    kilobytes: float
    status: int


def pages_to_measure(*, common_word: str, rare_word: str) -> list[tuple[str, str]]:
    """The pages the issue names, with real objects of the database."""
    question_sets = QuestionSet.objects.count()
    deep_page = max(1, (question_sets // PAGE_SIZE) * 3 // 4)
    busiest = (
        QuestionSet.objects.annotate(n=Count("questions")).filter(n__gt=0).order_by("-pk").first()
    )
    letter = Document.objects.filter(kind=Document.Kind.LETTER).order_by("-pk").first()
    question = Question.objects.filter(question_set=busiest).order_by("number").first()
    member: dict = next(iter(busiest.submitters), {}) if busiest else {}
    pages = [
        ("dashboard", reverse("dashboard")),
        ("set list, first page", reverse("question_set_list")),
        ("set list, deep page", _with(reverse("question_set_list"), page=deep_page)),
        (
            "set list, filtered",
            _with(reverse("question_set_list"), status="overdue", year=2019),
        ),
        ("set list search, common", _with(reverse("question_set_list"), q=common_word)),
        ("search, common word", _with(reverse("search"), q=common_word)),
        ("search, rare word", _with(reverse("search"), q=rare_word)),
        ("overdue list", reverse("overdue_by_ministry")),
        ("statistics", reverse("statistics")),
        ("statistics, computed per request", reverse("statistics")),
        ("documents list", reverse("documents:list")),
        ("review queue", reverse("review_queue")),
    ]
    if busiest:
        pages.append(("set page", reverse("question_set_detail", args=[busiest.pk])))
    if question and busiest:
        pages.append(
            ("question page", reverse("question_detail", args=[busiest.url_key, question.number]))
        )
        pages.append(
            (
                "link search (curator)",
                _with(reverse("link_search", args=[question.pk]), q=rare_word),
            )
        )
    if member.get("name"):
        pages.append(("member page", reverse("member_detail", args=[member["name"]])))
    if member.get("party"):
        pages.append(("party page", reverse("party_detail", args=[member["party"]])))
    if letter:
        pages.append(("document page (letter)", reverse("documents:detail", args=[letter.pk])))
    pages += _long_document_pages()
    return pages


def _long_document_pages() -> list[tuple[str, str]]:
    """The generated long report's page, as opened and at a passage near its end."""
    report = (
        Document.objects.filter(filename__startswith=LONG_REPORT_PREFIX).order_by("-pk").first()
    )
    if report is None:
        return []
    url = reverse("documents:detail", args=[report.pk])
    deep = report.passages.order_by("-order").values_list("pk", flat=True)[50]
    return [
        ("document page, long", url),
        ("document page, long, deep passage", f"{url}?passage={deep}#passage-{deep}"),
    ]


def pages_measure(pages: list[tuple[str, str]], *, repeat: int) -> list[PageTiming]:
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        return _measure(pages, repeat)


def _measure(pages: list[tuple[str, str]], repeat: int) -> list[PageTiming]:
    client = Client(secure=True)  # as behind the production proxy: no redirect to HTTPS
    client.force_login(_benchmark_user())
    timings = []
    for label, url in pages:
        with override_settings(**PAGE_SETTINGS.get(label, {})):
            client.get(url)  # warm: the first request of a page compiles templates and plans
            seconds = []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(url)
                    seconds.append(time.perf_counter() - start)
        seconds.sort()
        timings.append(
            PageTiming(
                label=label,
                url=url,
                p50_ms=statistics.median(seconds) * 1000,
                p95_ms=seconds[min(len(seconds) - 1, round(0.95 * (len(seconds) - 1)))] * 1000,
                queries=len(queries),
                kilobytes=len(response.content) / 1024,
                status=response.status_code,
            )
        )
    return timings


def _benchmark_user():
    user, _ = get_user_model().objects.get_or_create(
        username=BENCHMARK_USER, defaults={"is_staff": True, "is_superuser": True}
    )
    return user


def _with(path: str, **params) -> str:
    return f"{path}?{urlencode(params)}"
