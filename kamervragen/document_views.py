"""The web pages of documents: upload, processing status, detail, re-processing, correction
and the original file. Named `documents:` in URLs, as the app whose rows they show."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from documents.formats import filename_clean, filename_for_format
from documents.forms import DocumentOverrideForm, UploadForm
from documents.models import Document
from documents.selectors import documents_browse, documents_recent
from documents.services import (
    UploadRejected,
    document_create,
    document_override,
    upload_size_check,
)
from kamervragen.access import require_permission
from kamervragen.document_parts import FOOTNOTE_PARAM, PART_PARAM, PASSAGE_PARAM
from kamervragen.http import AppRequest
from kamervragen.ingestion.outbox import ingestion_enqueue, ingestion_send_unsent
from kamervragen.ingestion.reprocess import (
    DocumentGone,
    NotDiscardable,
    NotFinished,
    document_discard,
    document_discard_plan,
    document_reprocess,
    document_was_deleted,
)
from kamervragen.roles import CAN_BROWSE, CAN_CORRECT, CAN_DELETE, CAN_UPLOAD
from kamervragen.search import date_or_none
from kamervragen.selectors import (
    document_finding_may_change,
    document_with_structure,
    documents_findings,
)

DOCUMENTS_PER_PAGE = 50
# Sent by the confirmation page's button: a POST without it only shows that page again.
DISCARD_CONFIRMED = ("bevestigd", "ja")


@require_http_methods(["GET", "POST"])
@require_permission(CAN_UPLOAD)
def upload(request: AppRequest) -> HttpResponse:
    """Each file of a batch is accepted or refused on its own; a refusal is shown next to the
    file field, naming the file and why, and never keeps the other files from being stored."""
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    results, refused = [], []
    if request.method == "POST" and form.is_valid():
        for uploaded in form.cleaned_data["files"]:
            results.append(_accept_upload(request, uploaded))
        refused = [result for result in results if result.get("error")]
        if not request.htmx and not refused:
            for result in results:
                messages.info(request, result["message"])
            return redirect("documents:upload")
        form = UploadForm()
    accepted = _with_findings([result for result in results if not result.get("error")])
    template = "documents/_upload_results.html" if request.htmx else "documents/upload.html"
    context = {
        "form": form,
        "results": accepted,
        "refused": refused,
        "documents": documents_findings(documents_recent()),
        # Django refuses a request with more files as a whole; upload.js says so first.
        "max_files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
    }
    # htmx swaps only 2xx answers: the refusals it must show come with a 200.
    nothing_taken = bool(form.errors) or bool(refused and not accepted)
    status = 400 if nothing_taken and not request.htmx else 200
    return render(request, template, context, status=status)


def _accept_upload(request: HttpRequest, uploaded) -> dict:
    name = filename_clean(uploaded.name or "")
    try:
        upload_size_check(uploaded.size)  # before the file is read
        result = document_create(filename=name, data=uploaded.read(), uploaded_by=request.user)
    except UploadRejected as error:
        message = _("%(name)s: %(error)s") % {"name": name, "error": error}
        return {"filename": name, "error": str(error), "message": message}
    if result.created:
        ingestion_enqueue(result.document)  # kept in the outbox while the broker is down
        message = _("%(name)s staat in de wachtrij.") % {"name": name}
    else:
        ingestion_send_unsent(result.document)
        message = _("%(name)s is al eerder geüpload als “%(existing)s”.") % {
            "name": name,
            "existing": result.document,
        }
    return {
        "filename": name,
        "document": result.document,
        "duplicate": not result.created,
        "message": message,
    }


def _with_findings(accepted: list[dict]) -> list[dict]:
    """The documents of the accepted files read with what was found in them: a duplicate,
    finished already, is never polled for it, and said only "Verwerkt" (one query)."""
    if not accepted:
        return accepted
    pks = {result["document"].pk for result in accepted}
    found = documents_findings(Document.objects.filter(pk__in=pks)).in_bulk()
    return [
        {**result, "document": found.get(result["document"].pk, result["document"])}
        for result in accepted
    ]


def _reloads_when_done(request: HttpRequest) -> bool:
    """Polled from the document's own page (`herladen`): once finished, that page is
    reloaded, for what processing brought (passages, metadata) and the clerk's buttons."""
    return bool(request.GET.get("herladen"))


@require_safe
@require_permission(CAN_BROWSE)
def document_status(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(documents_findings(Document.objects.all()), pk=pk)
    # A finished row asking whether its finding still holds (`getoond`): an unchanged
    # answer swaps nothing (204); once it can no longer change, htmx stops asking (286).
    shown = request.GET.get("getoond")
    if shown and document.is_finished and document.nothing_found == shown:
        return HttpResponse(status=204 if document_finding_may_change(document) else 286)
    reload_when_done = _reloads_when_done(request)
    context = {"document": document, "reload_when_done": reload_when_done}
    response = render(request, "documents/_document_status.html", context)
    if reload_when_done and document.is_finished:
        response["HX-Refresh"] = "true"
    return response


@require_safe
@require_permission(CAN_BROWSE)
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One part of a long document (`document_parts`): the numbered `deel`, or the one that
    holds `?passage=` or `?noot=` (the links to a passage or footnote say which)."""
    document = document_with_structure(
        pk,
        part=request.GET.get(PART_PARAM),
        passage_id=_id_or_none(request.GET.get(PASSAGE_PARAM)),
        footnote_id=_id_or_none(request.GET.get(FOOTNOTE_PARAM)),
    )
    form = DocumentOverrideForm.for_document(document)
    return render(request, "documents/document_detail.html", {"document": document, "form": form})


def _id_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 19 else None


@require_POST
@require_permission(CAN_CORRECT)
def document_reprocess_view(request: AppRequest, pk: int) -> HttpResponse:
    """Retry a failed or stuck document or process a done one again; curated links are kept."""
    document = get_object_or_404(Document, pk=pk)
    queued = _reprocess(document, request.user)
    busy = queued is None
    document = queued or document
    if busy and not request.htmx:
        messages.info(request, _("Dit document wordt nog verwerkt."))
    if request.htmx:
        context = {
            "document": document,
            "busy": busy,
            "reload_when_done": _reloads_when_done(request),
        }
        return render(request, "documents/_document_status.html", context)
    return redirect("documents:detail", pk=document.pk)


@require_http_methods(["GET", "POST"])
@require_permission(CAN_DELETE)
def document_discard_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Shows what deleting the document takes with it (or why it may not be deleted) and
    asks to confirm; the confirmed POST deletes it (`document_discard`)."""
    field, value = DISCARD_CONFIRMED
    if request.method == "POST" and request.POST.get(field) == value:
        return _discard(request, pk)
    document = _document_or_gone(pk)
    if document is None:
        return _already_deleted(request)
    plan = document_discard_plan(document=document)
    context = {"document": document, "plan": plan, "confirmed_field": DISCARD_CONFIRMED}
    status = 400 if request.method == "POST" else 200  # sent without the confirmation
    return render(request, "documents/document_discard.html", context, status=status)


def _discard(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_gone(pk)
    if document is None:
        return _already_deleted(request)
    try:
        shown = document_discard(document=document, by=request.user)
    except DocumentGone:  # deleted by another request while this one waited for it
        return _already_deleted(request)
    except NotDiscardable as refused:
        context = {
            "document": document,
            "plan": refused.plan,
            "refusal": refused.reason,
            "confirmed_field": DISCARD_CONFIRMED,
        }
        return render(request, "documents/document_discard.html", context, status=409)
    messages.success(request, _("‘%(name)s’ is verwijderd.") % {"name": shown})
    return redirect("documents:list")


def _already_deleted(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("Dit document is al verwijderd."))
    return redirect("documents:list")


def _document_or_gone(pk: int) -> Document | None:
    """The document; None if it was deleted (its history says so); else a 404."""
    document = Document.objects.filter(pk=pk).first()
    if document is None and not document_was_deleted(pk=pk):
        raise Http404
    return document


@require_POST
@require_permission(CAN_CORRECT)
def document_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Override the detected kind and metadata, then process the document again."""
    document = get_object_or_404(Document, pk=pk)
    form = DocumentOverrideForm.for_document(document, request.POST)
    if not form.is_valid():
        document = document_with_structure(pk)
        context = {"document": document, "form": form, "correcting": True}
        return render(request, "documents/document_detail.html", context, status=400)
    data = form.cleaned_data
    # One transaction with the row locked: an ingestion sees the correction and the
    # document queued again together, or neither (`recipe.document_link`).
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        document = document_override(
            document=document,
            by=request.user,
            kind=data["kind"],
            title=data["title"],
            date=data["date"],
            identifiers={key: data[key] for key in form.IDENTIFIERS},
        )
        queued = _reprocess(document, request.user)
    if queued is None:
        # The run that is queued or under way reads the correction (`document_ingest`).
        messages.info(
            request, _("Opgeslagen; de verwerking die al loopt, neemt deze correctie mee.")
        )
    else:
        messages.success(request, _("Opgeslagen; het document wordt opnieuw verwerkt."))
    return redirect("documents:detail", pk=document.pk)


def _reprocess(document: Document, user) -> Document | None:
    """Queues the document again and enqueues its ingestion; None while it is still being
    processed (then nothing is queued)."""
    try:
        document = document_reprocess(document=document, by=user)
    except NotFinished:
        return None
    ingestion_enqueue(document, requested_by=user)
    return document


@require_safe
@require_permission(CAN_BROWSE)
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(Document, pk=pk)
    filename = filename_for_format(document.filename, document.format)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=filename)


@require_safe
@require_permission(CAN_BROWSE)
def document_list(request: HttpRequest) -> HttpResponse:
    """All documents by kind and date, the newest first, paged."""
    kind = request.GET.get("kind", "")
    date_from = date_or_none(request.GET.get("date_from"))
    date_to = date_or_none(request.GET.get("date_to"))
    documents = documents_findings(
        documents_browse(kind=kind, date_from=date_from, date_to=date_to)
    )
    page = Paginator(documents, DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": page,
        "documents": page.object_list,
        "kinds": Document.Kind.choices,
        "kind": kind,
        "date_from": date_from,
        "date_to": date_to,
        "query_string": params.urlencode(),
    }
    return render(request, "documents/document_list.html", context)
