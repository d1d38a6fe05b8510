from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alerts.models import AlertProfile, Follow, Notification
from alerts.services import (
    FollowRefused,
    follow_add,
    follow_label,
    follow_remove,
    follow_url,
    profile_of,
    unsubscribe,
)
from kamervragen.access import require_permission
from kamervragen.http import AppRequest
from kamervragen.roles import CAN_BROWSE

NOTIFICATIONS_SHOWN = 100


@require_safe
@require_permission(CAN_BROWSE)
def notifications(request: AppRequest) -> HttpResponse:
    follows = Follow.objects.filter(user=request.user)
    context = {
        "notifications": Notification.objects.filter(user=request.user).select_related(
            "question_set"
        )[:NOTIFICATIONS_SHOWN],
        "follows": [(follow, follow_label(follow), follow_url(follow)) for follow in follows],
        "profile": profile_of(request.user),
    }
    return render(request, "alerts/notifications.html", context)


@require_POST
@require_permission(CAN_BROWSE)
def follow_create(request: HttpRequest) -> HttpResponse:
    try:
        follow = follow_add(
            user=request.user,
            kind=request.POST.get("kind", ""),
            value=request.POST.get("value", ""),
        )
    except FollowRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("U volgt nu %(label)s.") % {"label": follow_label(follow)})
    return _back(request)


@require_POST
@require_permission(CAN_BROWSE)
def follow_delete(request: HttpRequest, pk: int) -> HttpResponse:
    follow_remove(user=request.user, follow_id=pk)
    messages.success(request, _("U volgt dit niet meer."))
    return _back(request)


@require_POST
@require_permission(CAN_BROWSE)
def preferences(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    profile.daily_digest = request.POST.get("daily_digest") == "1"
    if request.POST.get("new_feed_token") == "1":
        profile.feed_token = AlertProfile._meta.get_field("feed_token").get_default()
        messages.success(request, _("Er zijn nieuwe feedadressen; de oude werken niet meer."))
    profile.save()
    return redirect("alerts:notifications")


@require_POST
@require_permission(CAN_BROWSE)
def mark_read(request: AppRequest) -> HttpResponse:
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("alerts:notifications")


@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    """One click from the mail (GET), or a mail client's one-click POST (RFC 8058): no login."""
    label = unsubscribe(token)
    status = 404 if label is None else 200
    return render(request, "alerts/unsubscribed.html", {"label": label}, status=status)


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("alerts:notifications")
