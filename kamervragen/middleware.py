"""Request guards that hold for every view."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.datastructures import MultiValueDict

NUL_REFUSED = (
    "Het verzoek bevat een ongeldig teken (NUL). Pas de invoer aan en probeer het opnieuw."
)


def _holds_nul(parameters: MultiValueDict) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in parameters.lists()
    )


class RefuseNulMiddleware:
    """Answers 400 to a parameter or a page address ("/leden/a%00b/") holding a NUL
    character: PostgreSQL can neither store nor compare one, so any view that searches or
    saves with it would fail with a server error.

    Multipart bodies are left to the upload form: reading them here would parse the upload
    before the view can check its size, and the file contents are not parameters.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        form_post = request.method == "POST" and request.content_type != "multipart/form-data"
        in_path = "\x00" in request.path
        if in_path or _holds_nul(request.GET) or (form_post and _holds_nul(request.POST)):
            if request.path.startswith("/api/"):
                return HttpResponseBadRequest(NUL_REFUSED, content_type="text/plain; charset=utf-8")
            # A page gets the site's own error page (header, menu, a way back), not a line.
            page = render_to_string("400.html", {"explanation": NUL_REFUSED}, request=request)
            return HttpResponseBadRequest(page)
        return self.get_response(request)
