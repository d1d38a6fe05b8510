"""The web pages of documents: upload, processing status, detail, re-processing, correction
and the original file. Named `documents:` in URLs, as the app whose rows they show."""

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from documents.forms import DocumentOverrideForm, UploadForm
from documents.models import Document
from documents.selectors import documents_recent
from documents.services import UploadRejected, document_create, document_override
from kamervragen.access import require_permission
from kamervragen.ingestion.recipe import NotFinished, document_reprocess
from kamervragen.ingestion.tasks import ingest_document
from kamervragen.roles import CAN_BROWSE, CAN_CORRECT, CAN_UPLOAD
from kamervragen.selectors import document_with_structure


@require_http_methods(["GET", "POST"])
@require_permission(CAN_UPLOAD)
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    results = []
    if request.method == "POST" and form.is_valid():
        for uploaded in form.cleaned_data["files"]:
            results.append(_accept_upload(request, uploaded))
        if not request.htmx:
            for result in results:
                messages.info(request, result["message"])
            return redirect("documents:upload")
        form = UploadForm()
    template = "documents/_upload_results.html" if request.htmx else "documents/upload.html"
    return render(
        request,
        template,
        {"form": form, "results": results, "documents": documents_recent()},
        status=400 if form.errors else 200,
    )


def _accept_upload(request: HttpRequest, uploaded) -> dict:
    try:
        result = document_create(
            filename=uploaded.name, data=uploaded.read(), uploaded_by=request.user
        )
    except UploadRejected as error:
        message = _("%(name)s: %(error)s") % {"name": uploaded.name, "error": error}
        return {"filename": uploaded.name, "error": str(error), "message": message}
    if result.created:
        ingest_document.delay_on_commit(result.document.pk)
        message = _("%(name)s staat in de wachtrij.") % {"name": uploaded.name}
    else:
        message = _("%(name)s is al eerder geüpload als “%(existing)s”.") % {
            "name": uploaded.name,
            "existing": result.document,
        }
    return {
        "filename": uploaded.name,
        "document": result.document,
        "duplicate": not result.created,
        "message": message,
    }


@require_GET
@require_permission(CAN_BROWSE)
def document_status(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk)
    return render(request, "documents/_document_status.html", {"document": document})


@require_GET
@require_permission(CAN_BROWSE)
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = document_with_structure(pk)
    form = DocumentOverrideForm.for_document(document)
    return render(request, "documents/document_detail.html", {"document": document, "form": form})


@require_POST
@require_permission(CAN_CORRECT)
def document_reprocess_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Retry a failed or stuck document or process a done one again; curated links are kept."""
    document = get_object_or_404(Document, pk=pk)
    queued = _reprocess(document, request.user)
    busy = queued is None
    document = queued or document
    if busy and not request.htmx:
        messages.info(request, _("Dit document wordt nog verwerkt."))
    if request.htmx:
        context = {"document": document, "busy": busy}
        return render(request, "documents/_document_status.html", context)
    return redirect("documents:detail", pk=document.pk)


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
    document = document_override(
        document=document,
        by=request.user,
        kind=data["kind"],
        title=data["title"],
        date=data["date"],
        identifiers={key: data[key] for key in form.IDENTIFIERS},
    )
    if _reprocess(document, request.user) is None:
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
    ingest_document.delay_on_commit(document.pk, user.pk)
    return document


@require_GET
@require_permission(CAN_BROWSE)
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(Document, pk=pk)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)
