from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from documents.selectors import documents_recent
from kamervragen.access import require_permission
from kamervragen.models import Link
from kamervragen.roles import CAN_BROWSE, CAN_CURATE
from kamervragen.selectors import (
    links_for_display,
    question_set_with_links,
    question_sets_overview,
    unanswered_questions,
)
from kamervragen.services import link_set_status

CURATION_ACTIONS = {
    "confirm": Link.Status.CONFIRMED,
    "reject": Link.Status.REJECTED,
    "reopen": Link.Status.SUGGESTED,
}


@require_GET
@require_permission(CAN_BROWSE)
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "kamervragen/dashboard.html",
        {
            "documents": documents_recent(10),
            "question_sets": question_sets_overview()[:10],
            "unanswered": unanswered_questions(),
        },
    )


@require_GET
@require_permission(CAN_BROWSE)
def question_set_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "kamervragen/question_set_list.html", {"question_sets": question_sets_overview()}
    )


@require_GET
@require_permission(CAN_BROWSE)
def question_set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(
        request,
        "kamervragen/question_set_detail.html",
        {"question_set": question_set_with_links(pk)},
    )


@require_POST
@require_permission(CAN_CURATE)
def link_curate(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    status = CURATION_ACTIONS.get(action)
    link = get_object_or_404(Link, pk=pk)
    if status is None:
        return HttpResponse(status=400)
    link_set_status(link=link, curator=request.user, status=status)
    return render(
        request, "kamervragen/_link_row.html", {"link": links_for_display().get(pk=link.pk)}
    )
