"""Following question sets, members, parties, ministries and searches, and hearing about it.

What happened is read back from the database (answer documents and postponement notices
processed, links confirmed, deadlines near), not pushed by signals: `notifications_collect`
looks at what changed since its last look and writes one `Notification` per user and event
(the unique key makes a second look harmless). Mail goes out in two steps: a notification is
claimed in its own transaction, then sent, then marked sent. A worker killed between sending
and marking leaves it claimed, and a claimed notification is never sent again: at most one
mail per event, never two."""

import datetime
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alerts.models import AlertProfile, Follow, Notification, ScanMark
from documents.models import Document
from kamervragen.ministries import ministries_of
from kamervragen.models import LinkEvent, QuestionSet
from kamervragen.selectors import question_sets_overview, search_query, set_matches
from kamervragen.set_filters import filter_choices

logger = logging.getLogger(__name__)

# A document's processed_at is set before its transaction commits: look a little back.
SCAN_OVERLAP = datetime.timedelta(minutes=10)
DEADLINE_WARNING_WORKING_DAYS = 3
UNSUBSCRIBE_SALT = "alerts.unsubscribe"
MAX_VALUE_LENGTH = 300


class FollowRefused(ValueError):
    pass


def profile_of(user) -> AlertProfile:
    profile, _created = AlertProfile.objects.get_or_create(user=user)
    return profile


def follow_value(value: object) -> str:
    """What is followed as it is stored: a set's key, or a name or search, spaces evened."""
    return " ".join(str(value).split())


def follow_add(*, user, kind: str, value: str) -> Follow:
    value = follow_value(value)
    if kind not in Follow.Kind.values:
        raise FollowRefused(_("Onbekend soort volgen."))
    if not value or len(value) > MAX_VALUE_LENGTH:
        raise FollowRefused(_("Geef op wat u wilt volgen (hoogstens 300 tekens)."))
    if kind == Follow.Kind.SET and not (
        value.isdigit() and QuestionSet.objects.filter(pk=int(value)).exists()
    ):
        raise FollowRefused(_("Deze vragenset bestaat niet."))
    follow, _created = Follow.objects.get_or_create(user=user, kind=kind, value=value)
    return follow


def follow_remove(*, user, follow_id: int) -> None:
    Follow.objects.filter(user=user, pk=follow_id).delete()


def follow_label(follow: Follow) -> str:
    if follow.kind == Follow.Kind.SET:
        question_set = QuestionSet.objects.filter(pk=int(follow.value)).first()
        return f"{follow.get_kind_display()} {question_set or follow.value}"
    return f"{follow.get_kind_display()}: {follow.value}"


def follow_url(follow: Follow) -> str | None:
    """The page of what is followed: the set, the member's or party's page, the set list
    narrowed to the ministry, the search. None for a set that no longer exists."""
    if follow.kind == Follow.Kind.SET:
        question_set = QuestionSet.objects.filter(pk=int(follow.value)).first()
        return question_set.get_absolute_url() if question_set else None
    if follow.kind == Follow.Kind.MEMBER:
        return reverse("member_detail", args=[follow.value])
    if follow.kind == Follow.Kind.PARTY:
        return reverse("party_detail", args=[follow.value])
    if follow.kind == Follow.Kind.MINISTRY:
        return f"{reverse('question_set_list')}?{urlencode({'ministry': follow.value})}"
    return f"{reverse('search')}?{urlencode({'q': follow.value})}"


# -- what happened ------------------------------------------------------------------------


def notifications_collect(*, now: datetime.datetime | None = None) -> int:
    """Notifications for what happened since the last look; returns how many were written.
    The first look starts now: following is about what comes, not the archive."""
    now = now or timezone.now()
    mark, created = ScanMark.objects.get_or_create(source="events", defaults={"until": now})
    if created:
        return 0
    since = mark.until - SCAN_OVERLAP
    written = 0
    documents = Document.objects.filter(
        status=Document.Status.DONE,
        kind__in=[Document.Kind.ANSWERS, Document.Kind.NOTICE],
        processed_at__gt=since,
        processed_at__lte=now,
    ).prefetch_related("question_sets", "run_answered_question_sets")
    for document in documents:
        event = (
            Notification.Event.ANSWER
            if document.kind == Document.Kind.ANSWERS
            else Notification.Event.NOTICE
        )
        key = f"{event}:document:{document.pk}"
        # Its own set, and the sets it answers in later runs (answering several sets).
        answered = [(s, key) for s in document.question_sets.all()] + [
            (s, f"{key}:set:{s.pk}") for s in document.run_answered_question_sets.all()
        ]
        for question_set, set_key in answered:
            title = (
                _("Antwoord op %(set)s") if event == Notification.Event.ANSWER
                else _("Uitstelbericht voor %(set)s")
            ) % {"set": _set_name(question_set)}  # fmt: skip
            written += _notify(event, set_key, question_set, title)
    confirmations = LinkEvent.objects.filter(
        action=LinkEvent.Action.CONFIRMED,
        created_at__gt=since,
        created_at__lte=now,
        link__isnull=False,  # a link deleted since keeps its history, not its question
    ).select_related("link__question__question_set")
    for link_event in confirmations:
        assert link_event.link is not None  # filtered above
        question = link_event.link.question
        title = _("Koppeling bevestigd bij vraag %(number)s van %(set)s") % {
            "number": question.number,
            "set": _set_name(question.question_set),
        }
        written += _notify(
            Notification.Event.LINK, f"link:event:{link_event.pk}", question.question_set, title
        )
    mark.until = now
    mark.save(update_fields=["until"])
    return written


def deadline_warnings_collect(*, today: datetime.date | None = None) -> int:
    """A warning for each followed, unanswered set whose term ends within three working days."""
    today = today or timezone.localdate()
    horizon = working_days_after(today, DEADLINE_WARNING_WORKING_DAYS)
    followed = Follow.objects.filter(kind=Follow.Kind.SET).values_list("value", flat=True)
    due_soon = (
        question_sets_overview()
        .filter(pk__in=[int(v) for v in followed if v.isdigit()])
        .exclude(answer_status="answered")  # type: ignore[misc]  # the overview's annotation
        .filter(due__gte=today, due__lte=horizon)
    )
    written = 0
    for question_set in due_soon:
        title = _("De termijn van %(set)s verloopt op %(due)s") % {
            "set": _set_name(question_set),
            "due": date_format(question_set.due, "DATE_FORMAT") if question_set.due else "",
        }
        key = f"deadline:set:{question_set.pk}:{question_set.due}"
        written += _notify(Notification.Event.DEADLINE, key, question_set, title, only_sets=True)
    return written


def working_days_after(day: datetime.date, count: int) -> datetime.date:
    while count:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def _set_name(question_set: QuestionSet) -> str:
    return question_set.zaak_number or question_set.title[:80] or f"#{question_set.pk}"


def _notify(
    event: str, key: str, question_set: QuestionSet, title: str, *, only_sets: bool = False
) -> int:
    followers = _followers_of(question_set, only_sets=only_sets)
    if not followers:
        return 0
    path = reverse("question_set_detail", args=[question_set.pk])
    emails = dict(get_user_model().objects.filter(pk__in=followers).values_list("pk", "email"))
    rows = [
        Notification(
            user_id=user_id,
            follow=follow,
            event=event,
            key=key,
            question_set=question_set,
            title=title,
            path=path,
            mail=Notification.Mail.PENDING if emails.get(user_id) else Notification.Mail.NONE,
        )
        for user_id, follow in followers.items()
    ]
    before = Notification.objects.filter(key=key).count()
    Notification.objects.bulk_create(rows, ignore_conflicts=True)  # once per user and event
    return Notification.objects.filter(key=key).count() - before


def _followers_of(question_set: QuestionSet, *, only_sets: bool) -> dict[int, Follow]:
    """Each user who follows the set by any of its ways in, with the first such follow."""
    matching = Q(kind=Follow.Kind.SET, value=str(question_set.pk))
    if not only_sets:
        submitters = [s for s in question_set.submitters if isinstance(s, dict)]
        # A member followed by any of its written names ("Verhoeven" or "Kees Verhoeven"),
        # without case, as the member filter takes a name.
        names = [name.lower() for name in _member_names(submitters)]
        matching |= Q(kind=Follow.Kind.MEMBER, value_folded__in=names)
        matching |= Q(kind=Follow.Kind.PARTY, value__in=[s.get("party") for s in submitters])
    follows: list[Follow] = list(
        Follow.objects.alias(value_folded=Lower("value")).filter(matching).order_by("pk")
    )
    if not only_sets:
        # A ministry as the filters name it ("Justitie en Veiligheid" takes in the Minister
        # voor Rechtsbescherming too), or as written in the addressees.
        addressed = " ".join(map(str, question_set.addressed_to)).casefold()
        ministries = {m.casefold() for m in ministries_of(question_set.addressed_to)}
        follows += [
            f
            for f in Follow.objects.filter(kind=Follow.Kind.MINISTRY)
            if f.value.casefold() in ministries or f.value.casefold() in addressed
        ]
        searches = Follow.objects.filter(kind=Follow.Kind.SEARCH)
        matched = {
            value for value in {f.value for f in searches} if search_matches(value, question_set)
        }
        follows += [f for f in searches if f.value in matched]
    followers: dict[int, Follow] = {}
    for follow in follows:
        followers.setdefault(follow.user_id, follow)
    return followers


def _member_names(submitters: list[dict]) -> list[str]:
    """The submitters' names as written and their members' other names, as the member
    filter has them (`kamervragen.members`)."""
    choices = filter_choices()
    names = {str(s["name"]) for s in submitters if s.get("name")}
    for name in list(names):
        if member := choices.member(name):
            names.update([member, *choices.written_names(member)])
    return sorted(names)


def search_matches(text: str, question_set: QuestionSet) -> bool:
    return question_sets_matching(text).filter(pk=question_set.pk).exists()


def question_sets_matching(text: str) -> QuerySet[QuestionSet]:
    """The sets a followed search finds: as the set list's search finds them."""
    return QuestionSet.objects.filter(set_matches(search_query(text)))


# -- mail ------------------------------------------------------------------------------------


def mails_send(*, now: datetime.datetime | None = None) -> int:
    """One mail per notification for users who want them at once; returns how many were sent."""
    now = now or timezone.now()
    digest_users = AlertProfile.objects.filter(daily_digest=True).values("user_id")
    pending = Notification.objects.filter(mail=Notification.Mail.PENDING).exclude(
        user_id__in=digest_users
    )
    sent = 0
    for notification_id in pending.values_list("pk", flat=True):
        claimed = _claim(Notification.objects.filter(pk=notification_id))
        for notification in claimed:
            _deliver(notification.user, [notification], now)
            sent += 1
    return sent


def digests_send(*, now: datetime.datetime | None = None) -> int:
    """One mail per digest user with everything not yet mailed; returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for profile in AlertProfile.objects.filter(daily_digest=True).select_related("user"):
        claimed = _claim(
            Notification.objects.filter(user=profile.user, mail=Notification.Mail.PENDING)
        )
        if claimed:
            _deliver(profile.user, claimed, now)
            sent += 1
    return sent


def _claim(notifications: QuerySet[Notification]) -> list[Notification]:
    """Marks them claimed in a transaction of their own, before anything is sent."""
    with transaction.atomic():
        rows = list(
            notifications.filter(mail=Notification.Mail.PENDING)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("user", "follow")
        )
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(
            mail=Notification.Mail.CLAIMED
        )
    return rows


def _deliver(user, notifications: list[Notification], now: datetime.datetime) -> None:
    follows = {n.follow for n in notifications if n.follow}
    context = {
        "user": user,
        "notifications": notifications,
        "site_url": settings.SITE_URL,
        "unsubscribe": [(follow_label(f), unsubscribe_url(f)) for f in follows],
    }
    subject = (
        notifications[0].title
        if len(notifications) == 1
        else _("Kamervragen: %(count)s meldingen") % {"count": len(notifications)}
    )
    message = EmailMessage(
        subject=subject,
        body=render_to_string("alerts/mail.txt", context),
        to=[user.email],
        headers=_unsubscribe_headers(follows),
    )
    try:
        message.send()
    except Exception:
        # Refused before it left (no mail server, a rejected address): claimed no more, so
        # the next run tries again instead of the notification never being mailed.
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            mail=Notification.Mail.PENDING
        )
        raise
    _record_sent(notifications, now)


def _record_sent(notifications: list[Notification], now: datetime.datetime) -> None:
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
        mail=Notification.Mail.SENT, mailed_at=now
    )


def _unsubscribe_headers(follows: set[Follow]) -> dict[str, str]:
    if len(follows) != 1:
        return {}
    (follow,) = follows
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(follow)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def unsubscribe_url(follow: Follow) -> str:
    token = signing.dumps({"follow": follow.pk, "user": follow.user_id}, salt=UNSUBSCRIBE_SALT)
    return settings.SITE_URL + reverse("alerts:unsubscribe", args=[token])


def unsubscribe(token: str) -> str | None:
    """Stops the follow the signed token names; returns what was followed, or None for a
    token that is not ours."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    follow = Follow.objects.filter(pk=data.get("follow"), user_id=data.get("user")).first()
    if follow is None:
        return ""
    label = follow_label(follow)
    follow.delete()
    return label
