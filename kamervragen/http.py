"""The request the views get, typed as django-stubs and django-htmx advise: with the htmx
details that `HtmxMiddleware` adds and, behind `require_permission` (or `login_required`), a
signed-in user."""

from django.contrib.auth.models import User
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class AppRequest(HttpRequest):
    htmx: HtmxDetails
    user: User  # signed in: the views that take this request require it
