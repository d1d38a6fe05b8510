from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from documents.forms import UploadForm
from documents.models import Document
from documents.selectors import document_with_structure, documents_recent
from documents.services import UploadRejected, document_create
from kamervragen.access import require_permission
from kamervragen.roles import CAN_BROWSE, CAN_UPLOAD
from kamervragen.tasks import ingest_document


@require_http_methods(["GET", "POST"])
@require_permission(CAN_UPLOAD)
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    results = []
    if request.method == "POST" and form.is_valid():
        for uploaded in form.cleaned_data["files"]:
            results.append(_accept_upload(request, uploaded))
        if not request.htmx:
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
        return {"filename": uploaded.name, "error": str(error)}
    if result.created:
        ingest_document.delay_on_commit(result.document.pk)
    return {"filename": uploaded.name, "document": result.document, "duplicate": not result.created}


@require_GET
@require_permission(CAN_BROWSE)
def document_status(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk)
    return render(request, "documents/_document_row.html", {"document": document})


@require_GET
@require_permission(CAN_BROWSE)
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(
        request, "documents/document_detail.html", {"document": document_with_structure(pk)}
    )


@require_GET
@require_permission(CAN_BROWSE)
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(Document, pk=pk)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)
