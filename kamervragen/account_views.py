"""The user's own page for read API keys ("API-sleutels"): make one, see it once, revoke it."""

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from kamervragen.tokens import token_create, token_revoke, tokens_of


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Naam"),
        max_length=100,
        help_text=_("Waarvoor u de sleutel gebruikt, bijvoorbeeld ‘rapportage’."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """GET lists the user's keys; POST makes one and shows its key, this once only."""
    user = cast(User, request.user)  # login_required
    form = TokenForm(request.POST or None)
    new_key = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _token, new_key = token_create(user=user, name=form.cleaned_data["name"])
            form = TokenForm()
        else:
            status = 400
    context = {"form": form, "tokens": tokens_of(user), "new_key": new_key}
    response = render(request, "kamervragen/api_tokens.html", context, status=status)
    if new_key:
        response["Cache-Control"] = "no-store"  # the key must not stay in a cache
    return response


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    if token_revoke(user=cast(User, request.user), pk=pk):
        messages.success(request, _("De API-sleutel is ingetrokken."))
    else:
        messages.error(request, _("Deze API-sleutel bestaat niet of is al ingetrokken."))
    return redirect("api_tokens")


class LogoutView(auth_views.LogoutView):
    """Django's logout, saying "U bent afgemeld." on the login page it leads to (which
    otherwise looks as it did before logging in)."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        # Stored with the response (the message cookie): the session is flushed already.
        messages.info(request, _("U bent afgemeld."))
        return response
