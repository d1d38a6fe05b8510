from urllib.parse import urlencode

from django.apps import apps
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from documents.models import Passage
from documents.selectors import documents_recent
from kamervragen.access import require_permission
from kamervragen.curation import (
    CurationGone,
    LinkConflict,
    candidate_promote,
    link_add,
    link_gone_message,
    link_reopen,
    link_set_status,
    passage_gone_message,
    question_gone_message,
)
from kamervragen.deadlines import status_filter
from kamervragen.evidence import explain
from kamervragen.export import (
    question_set_csv,
    question_set_json,
    question_sets_csv,
    question_sets_json,
)
from kamervragen.http import AppRequest
from kamervragen.models import Link, LinkCandidate, Question, QuestionSet
from kamervragen.publications import question_set_publications
from kamervragen.question_page import (
    by_member,
    by_party,
    member_parties,
    question_page,
    sets_matching,
    sets_overview_of,
    submitter_summary,
)
from kamervragen.roles import CAN_BROWSE, CAN_CURATE
from kamervragen.search import (
    KIND_LABELS,
    KINDS,
    MAX_QUERY_LENGTH,
    SearchCriteria,
    date_or_none,
    kinds_from,
    search,
)
from kamervragen.selectors import (
    SetFilters,
    SetStatus,
    documents_findings,
    link_for_row,
    links_review_queue,
    overdue_sets_fill,
    passages_search,
    question_for_block,
    question_set_by_key,
    question_set_with_links,
    question_set_years,
    question_sets_overview,
    question_sets_search,
    question_sets_search_page,
    question_sets_with_counts,
    unanswered_questions,
)
from kamervragen.selectors import overdue_by_ministry as overdue_by_ministry_groups
from kamervragen.set_filters import filter_choices

CURATION_ACTIONS = {
    "confirm": Link.Status.CONFIRMED,
    "reject": Link.Status.REJECTED,
    "reopen": Link.Status.SUGGESTED,
}
PAGE_SIZE = 25
UNANSWERED_ON_DASHBOARD = 20
# Counted exactly up to this many on the dashboard: counting all of 600,000 unanswered
# questions (100,000 sets) took 150-870 ms, the bounded count 3 ms.
UNANSWERED_COUNTED = 1000
OVERDUE_SHOWN = 10  # per ministry on the overview; the rest a click away
EXPORT_FORMATS = {"csv", "json"}
# The htmx event a curation's response sends (HX-Trigger); the question page's history
# listens for it (templates/kamervragen/_question_history.html).
LINKS_CHANGED_EVENT = "links-changed"


def _htmx_aware(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
@require_permission(CAN_BROWSE)
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "kamervragen/dashboard.html",
        {
            "documents": documents_findings(documents_recent(10)),
            "question_sets": question_sets_with_counts(question_sets_overview()[:10]),
            "overdue_count": QuestionSet.objects.filter(
                status_filter(SetStatus.OVERDUE, today=today)
            ).count(),
            "unanswered": unanswered_questions()[:UNANSWERED_ON_DASHBOARD],
            "unanswered_count": unanswered_questions().order_by()[: UNANSWERED_COUNTED + 1].count(),
            "unanswered_counted": UNANSWERED_COUNTED,
        },
    )


@require_safe
@require_permission(CAN_BROWSE)
def unanswered_questions_page(request: HttpRequest) -> HttpResponse:
    page = Paginator(unanswered_questions(), PAGE_SIZE * 2).get_page(request.GET.get("page"))
    # None unanswered: all are, or there are no questions yet (nothing uploaded).
    no_questions = not page.paginator.count and not Question.objects.exists()
    return render(
        request, "kamervragen/unanswered.html", {"page": page, "no_questions": no_questions}
    )


@require_safe
@require_permission(CAN_BROWSE)
def question_set_list(request: AppRequest) -> HttpResponse:
    filters = SetFilters.from_params(request.GET)
    page = question_sets_search_page(filters, request.GET.get("page"), PAGE_SIZE)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "question_sets": page.object_list,
        "query_string": params.urlencode(),
        "years": question_set_years(),
        "choices": (choices := filter_choices()),
        # The member the filter names, under any written name ("Verhoeven": Kees Verhoeven).
        "member": choices.member(filters.submitter) if filters.submitter else None,
    }
    template = (
        "kamervragen/_question_set_results.html"
        if request.htmx and not request.htmx.boosted
        else "kamervragen/question_set_list.html"
    )
    return _htmx_aware(request, render(request, template, context))


@require_safe
@require_permission(CAN_BROWSE)
def overdue_by_ministry(request: HttpRequest) -> HttpResponse:
    """Sets open past their deadline per ministry: the longest overdue of each, or one
    ministry's all, a page at a time (`?ministerie=`)."""
    wanted = request.GET.get("ministerie")
    if wanted is None:
        groups = overdue_sets_fill(overdue_by_ministry_groups(shown=OVERDUE_SHOWN))
        return render(request, "kamervragen/overdue.html", {"ministries": groups})
    group = next((g for g in overdue_by_ministry_groups() if g.ministry == wanted), None)
    if group is None:
        raise Http404
    page = Paginator(group.set_ids, PAGE_SIZE * 2).get_page(request.GET.get("page"))
    group.set_ids = list(page.object_list)
    context = {
        "ministries": overdue_sets_fill([group]),
        "page": page,
        "query_string": urlencode({"ministerie": wanted}),
        "one_ministry": True,
    }
    return render(request, "kamervragen/overdue.html", context)


def _check_format(fmt: str) -> None:
    if fmt not in EXPORT_FORMATS:
        raise Http404


@require_safe
@require_permission(CAN_BROWSE)
def question_set_list_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _check_format(fmt)
    question_sets = question_sets_with_counts(
        question_sets_search(SetFilters.from_params(request.GET))
    )
    if fmt == "json":
        return _download(_json_response(question_sets_json(question_sets)), "vragensets.json")
    response = _download(HttpResponse(content_type="text/csv; charset=utf-8"), "vragensets.csv")
    question_sets_csv(question_sets, response, absolute_url=request.build_absolute_uri)
    return response


def _json_response(data: dict) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _download(response: HttpResponse, filename: str) -> HttpResponse:
    """An export saved under its own name, whichever format (CSV or JSON)."""
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
@require_permission(CAN_BROWSE)
def question_set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question_set = question_set_with_links(pk)
    context = {
        "question_set": question_set,
        "publications": question_set_publications(question_set),
    }
    return render(request, "kamervragen/question_set_detail.html", context)


@require_safe
@require_permission(CAN_BROWSE)
def question_set_detail_by_key(request: HttpRequest, key: str) -> HttpResponse:
    """The set page at its permalink: /vragen/2023Z11786/."""
    return question_set_detail(request, question_set_by_key(key).pk)


@require_safe
@require_permission(CAN_BROWSE)
def question_detail(request: HttpRequest, key: str, number: int) -> HttpResponse:
    return render(request, "kamervragen/question_detail.html", {"page": question_page(key, number)})


def _submitter_page(request: HttpRequest, condition, context: dict) -> HttpResponse:
    summary = submitter_summary(condition)
    if not summary.total:
        raise Http404
    ids = sets_matching(condition).values_list("pk", flat=True)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    context |= {"summary": summary, "page": page, "question_sets": sets_overview_of(page)}
    return render(request, "kamervragen/submitter.html", context)


@require_safe
@require_permission(CAN_BROWSE)
def member_detail(request: HttpRequest, name: str) -> HttpResponse:
    # The member under each of its written names ("Verhoeven" is Kees Verhoeven's page where
    # the archive has no other Verhoeven), as the statistics and the set list's filter have it;
    # a name in other case ("/leden/kees verhoeven/") is that member's page too.
    choices = filter_choices()
    member = choices.member(name) or name
    names = choices.written_names(member)
    context = {"name": member, "kind": "member", "parties": member_parties(names)}
    return _submitter_page(request, by_member(*names), context)


@require_safe
@require_permission(CAN_BROWSE)
def party_detail(request: HttpRequest, party: str) -> HttpResponse:
    return _submitter_page(request, by_party(party), {"name": party, "kind": "party"})


@require_safe
@require_permission(CAN_BROWSE)
def question_set_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    _check_format(fmt)
    question_set = question_set_with_links(pk)
    name = question_set.zaak_number or f"vragenset-{question_set.pk}"
    if fmt == "json":
        return _download(_json_response(question_set_json(question_set)), f"{name}.json")
    response = _download(HttpResponse(content_type="text/csv; charset=utf-8"), f"{name}.csv")
    question_set_csv(question_set, response)
    return response


@require_safe
@require_permission(CAN_BROWSE)
def question_set_export_by_key(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    """The set's export at its permalink: /vragen/2023Z11786/export.csv."""
    return question_set_export(request, question_set_by_key(key).pk, fmt)


def _row_response(request: AppRequest, link: Link) -> HttpResponse:
    if not request.htmx:
        url = reverse("question_set_detail", args=[link.question.question_set_id])
        return redirect(f"{url}#vraag-{link.question.number}")
    return _links_changed(
        render(
            request,
            "kamervragen/_link_row.html",
            {"link": link_for_row(link.pk), "show_question": request.POST.get("show_question")},
        )
    )


def _links_changed(response: HttpResponse) -> HttpResponse:
    """Announces a curation to the page (htmx event): the question page's history reloads."""
    response["HX-Trigger"] = LINKS_CHANGED_EVENT
    return response


@require_POST
@require_permission(CAN_CURATE)
def link_curate(request: AppRequest, pk: int, action: str) -> HttpResponse:
    status = CURATION_ACTIONS.get(action)
    link = Link.objects.select_related("question").filter(pk=pk).first()
    if link is None:
        return _link_gone(request, pk)
    version = request.POST.get("version", "")  # the link's version on the curator's page
    if status is None or (version and not version.isdigit()):
        return HttpResponse(status=400)
    seen = int(version) if version else None
    try:
        if action == "reopen":
            kept = link_reopen(link=link, curator=request.user, version=seen)
        else:
            kept = link_set_status(link=link, curator=request.user, status=status, version=seen)
    except LinkConflict as conflict:
        return _conflict_response(request, conflict)
    except CurationGone as gone:
        return _stale_response(request, gone.message, link.question_id, link_pk=pk)
    if kept is None:
        return _withdrawn_response(request, link)
    return _row_response(request, link)


def _withdrawn_response(request: AppRequest, link: Link) -> HttpResponse:
    """The link the curator withdrew (`link_reopen`): its row says so, where it was."""
    promoted = (
        link.passage_id is not None
        and LinkCandidate.objects.filter(
            question_id=link.question_id, passage_id=link.passage_id
        ).exists()
    )
    message = (
        _("Teruggezet naar ‘Mogelijk ook relevant’.")
        if promoted
        else _("Handmatige koppeling ingetrokken.")
    )
    if not request.htmx:
        messages.success(request, message)
        url = reverse("question_set_detail", args=[link.question.question_set_id])
        return redirect(f"{url}#vraag-{link.question.number}")
    context = {"link_pk": link.pk, "message": message}
    return _links_changed(render(request, "kamervragen/_link_withdrawn.html", context))


def _conflict_response(request: AppRequest, conflict: LinkConflict) -> HttpResponse:
    """409 with the link as it is now and why nothing was changed (htmx swaps it in:
    static/js/app.js); without htmx, the question's page with the message."""
    if not request.htmx:
        messages.warning(request, conflict.message)
        return _row_response(request, conflict.link)
    context = {
        "link": link_for_row(conflict.link.pk),
        "show_question": request.POST.get("show_question"),
        "conflict": conflict.message,
    }
    return render(request, "kamervragen/_link_row.html", context, status=409)


def _link_gone(request: AppRequest, pk: int) -> HttpResponse:
    """A link the curator's page showed was deleted since (its history says so: with its
    document, or when that was processed again); a link that never was is not found."""
    deleted = _deletion_of("LinkSnapshot", pk)
    if deleted is None:
        raise Http404
    return _stale_response(request, link_gone_message(), deleted.question_id, link_pk=pk)


def _deletion_of(snapshot_model: str, pk: int | str):
    """The history's record (`pghistory.track`) of the deletion of this row, if any."""
    snapshots = apps.get_model("kamervragen", snapshot_model)
    return snapshots.objects.filter(pgh_obj_id=pk, pgh_label="delete").first()


def _stale_response(
    request: AppRequest, message: str, question_pk: int | None, *, link_pk: int | None = None
) -> HttpResponse:
    """What a curator's page showed is gone (`CurationGone`): nothing was changed, and the
    page says why. With htmx, 409 (swapped in as a link conflict is, static/js/app.js): the
    link's row (`link_pk`) says so where it was; else the question's links as they are now
    with the message, or only the message when the question is gone too. Without htmx, the
    question's page, or the list of sets, with the message."""
    question = Question.objects.filter(pk=question_pk).first() if question_pk else None
    if not request.htmx:
        messages.warning(request, message)
        if question is None:
            return redirect("question_set_list")
        url = reverse("question_set_detail", args=[question.question_set_id])
        return redirect(f"{url}#vraag-{question.number}")
    if link_pk is not None:
        context = {"link_pk": link_pk, "message": message, "gone": True}
        return render(request, "kamervragen/_link_withdrawn.html", context, status=409)
    if question is None:
        context = {"question_pk": question_pk, "message": message}
        return render(request, "kamervragen/_links_gone.html", context, status=409)
    context = {
        "question": question_for_block(question.pk),
        "candidates_open": True,
        "links_notice": message,
    }
    return render(request, "kamervragen/_question_answers.html", context, status=409)


@require_safe
@require_permission(CAN_CURATE)
def link_search(request: AppRequest, question_pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("question_set"), pk=question_pk)
    text = request.GET.get("q", "")
    context = {
        "question": question,
        "q": text,
        "passages": passages_search(text, question=question),
    }
    template = (
        "kamervragen/_passage_results.html" if request.htmx else "kamervragen/link_search.html"
    )
    return _htmx_aware(request, render(request, template, context))


@require_POST
@require_permission(CAN_CURATE)
def link_create(request: AppRequest, question_pk: int) -> HttpResponse:
    question = Question.objects.filter(pk=question_pk).first()
    if question is None:
        if _deletion_of("QuestionSnapshot", question_pk) is None:
            raise Http404
        return _stale_response(request, question_gone_message(), question_pk)
    passage_id = request.POST.get("passage", "")
    if not passage_id.isdigit() or len(passage_id) > 18:
        return HttpResponse(status=400)
    passage = Passage.objects.filter(pk=passage_id).first()
    if passage is None:  # a search result shown before its document was deleted or replaced
        return _stale_response(request, passage_gone_message(), question.pk)
    try:
        link = link_add(question=question, passage=passage, curator=request.user)
    except CurationGone as gone:
        return _stale_response(request, gone.message, question.pk)
    link.question = question
    if not request.htmx:
        return _row_response(request, link)
    # The question's links as a reload shows them (#links-N, on the question page and on
    # link_search.html): the new link in its place, "Nog geen document …" gone, a link just
    # rejected moved under "Afgewezen koppelingen", the candidates without the passage. The
    # search form and its other results stay. The new link takes the keyboard focus
    # (`focus_link_pk`, static/js/app.js): the button pressed went with its search result.
    context = {"question": question_for_block(question.pk), "focus_link_pk": link.pk}
    return _links_changed(render(request, "kamervragen/_question_answers.html", context))


@require_POST
@require_permission(CAN_CURATE)
def candidate_promote_view(request: AppRequest, pk: int) -> HttpResponse:
    """Makes a "Mogelijk ook relevant" passage a confirmed link; with htmx, returns the
    question's links (#links-N, as `link_create`: the new link takes the keyboard focus) with
    the candidates still open."""
    candidate = LinkCandidate.objects.filter(pk=pk).first()
    if candidate is None:
        return _candidate_gone(request)
    try:
        link = candidate_promote(candidate=candidate, curator=request.user)
    except LinkCandidate.DoesNotExist:
        return _candidate_gone(request)
    except CurationGone as gone:
        return _stale_response(request, gone.message, candidate.question_id)
    if not request.htmx:
        return _row_response(request, link)
    question = question_for_block(link.question_id)
    context = {"question": question, "candidates_open": True, "focus_link_pk": link.pk}
    return _links_changed(render(request, "kamervragen/_question_answers.html", context))


def _candidate_gone(request: AppRequest) -> HttpResponse:
    """A stale page: the candidate was promoted (another curator), replaced (re-processing)
    or deleted with its document since it was shown. The question it was shown for
    (`question`) gets its links as they are now and why nothing changed (`_stale_response`);
    404 without one."""
    question_pk = request.POST.get("question", "")
    if not question_pk.isdigit() or len(question_pk) > 18:
        raise Http404
    if not Question.objects.filter(pk=question_pk).exists():
        if _deletion_of("QuestionSnapshot", question_pk) is None:
            raise Http404
        return _stale_response(request, question_gone_message(), int(question_pk))
    message = _(
        "Deze mogelijke koppeling is intussen al verwerkt, door een andere curator of bij "
        "opnieuw verwerken, of verwijderd met haar document; hieronder staat de huidige stand."
    )
    return _stale_response(request, message, int(question_pk))


@require_safe
@require_permission(CAN_CURATE)
def review_queue(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")
    page = Paginator(links_review_queue(text), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    explain(page.object_list)
    query_string = urlencode({"q": text}) if text else ""
    context = {"page": page, "links": page, "q": text, "query_string": query_string}
    return render(request, "kamervragen/review_queue.html", context)


@require_safe
@require_permission(CAN_BROWSE)
def search_page(request: AppRequest) -> HttpResponse:
    """One search over sets, questions, answers, letters and footnotes (`kamervragen.search`)."""
    params = request.GET
    kinds = kinds_from(params.getlist("kind"))
    criteria: SearchCriteria = {
        "date_from": date_or_none(params.get("date_from")),
        "date_to": date_or_none(params.get("date_to")),
        "ministry": params.get("ministry", ""),
        "member": params.get("member", ""),
        "party": params.get("party", ""),
        "sort": params.get("sort", "relevance"),
    }
    pages = {kind: _page_number(params.get(f"page_{kind}")) for kind in KINDS}
    results = search(params.get("q", ""), kinds=kinds, pages=pages, **criteria)
    context = {
        "results": results,
        "criteria": criteria,
        "kinds": kinds,
        "kind_labels": KIND_LABELS,
        "choices": (choices := filter_choices()),
        "member": choices.member(criteria["member"]) if criteria["member"] else None,
        "params": params,
        "max_query_length": MAX_QUERY_LENGTH,
    }
    template = (
        "kamervragen/_search_results.html"
        if request.htmx and not request.htmx.boosted
        else "kamervragen/search.html"
    )
    return _htmx_aware(request, render(request, template, context))


def _page_number(value: str | None) -> int:
    return int(value) if value and value.isdigit() and 0 < int(value) < 10_000 else 1
