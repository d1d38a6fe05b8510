"""Atom feeds of what a user follows, behind the secret token in their URL (a feed reader
has no session). A revoked or unknown token is a 404."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from alerts.models import AlertProfile, Follow, Notification
from alerts.services import follow_label, question_sets_matching
from kamervragen.models import QuestionSet
from kamervragen.roles import CAN_BROWSE

FEED_ITEMS = 50


def _user_of(token: str):
    profile = get_object_or_404(AlertProfile.objects.select_related("user"), feed_token=token)
    if not profile.user.is_active or not profile.user.has_perm(CAN_BROWSE):
        raise Http404
    return profile.user


class NotificationsFeed(Feed):
    feed_type = Atom1Feed
    description_template = "alerts/_feed_item.html"

    def get_object(self, request, token: str, follow_id: int | None = None):
        user = _user_of(token)
        follow = get_object_or_404(Follow, pk=follow_id, user=user) if follow_id else None
        return user, follow

    def title(self, obj) -> str:
        _user, follow = obj
        return _("Kamervragen: %(what)s") % {
            "what": follow_label(follow) if follow else _("alles wat u volgt")
        }

    def link(self, obj) -> str:
        return reverse("alerts:notifications")

    def items(self, obj):
        user, follow = obj
        notifications = Notification.objects.filter(user=user)
        if follow:
            notifications = notifications.filter(follow=follow)
        return notifications[:FEED_ITEMS]

    def item_title(self, item: Notification) -> str:
        return item.title

    def item_link(self, item: Notification) -> str:
        return item.path

    def item_guid(self, item: Notification) -> str:
        return f"kamervragen:{item.key}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Notification):
        return item.created_at


class SearchFeed(Feed):
    """The question sets a search finds, newest first."""

    feed_type = Atom1Feed
    description_template = "alerts/_feed_set.html"

    def get_object(self, request, token: str):
        _user_of(token)
        return " ".join(request.GET.get("q", "").split())  # none: an empty feed

    def title(self, obj: str) -> str:
        return _("Kamervragen: zoeken naar “%(query)s”") % {"query": obj}

    def link(self, obj: str) -> str:
        return reverse("question_set_list") + "?" + f"q={obj}"

    def items(self, obj: str):
        if not obj:
            return []
        return question_sets_matching(obj).order_by("-submitted", "-pk")[:FEED_ITEMS]

    def item_title(self, item: QuestionSet) -> str:
        return f"{item.zaak_number or '–'} {item.title}".strip()

    def item_link(self, item: QuestionSet) -> str:
        return reverse("question_set_detail", args=[item.pk])

    def item_pubdate(self, item: QuestionSet):
        return item.created_at
