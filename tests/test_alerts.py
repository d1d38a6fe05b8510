"""Following sets, members, parties, ministries and searches: notifications in the app, one
mail per event (or a daily digest), deadline warnings, one-click unsubscribe and Atom feeds
behind a per-user token."""

import datetime
import re
import uuid

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alerts import services
from alerts.models import AlertProfile, Follow, Notification
from alerts.services import (
    deadline_warnings_collect,
    digests_send,
    follow_add,
    mails_send,
    notifications_collect,
    working_days_after,
)
from documents.models import Document, Passage
from kamervragen.curation import link_confirm
from kamervragen.ingestion.question_sets import question_set_status_refresh
from kamervragen.models import Link, Question, QuestionSet, SetDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(policy_staff):
    policy_staff.email = "beleid@example.nl"
    policy_staff.save()
    return policy_staff


def _set(**fields) -> QuestionSet:
    defaults = {
        "zaak_number": f"2026Z{QuestionSet.objects.count() + 10001:05d}",
        "title": "Vragen over de haven van Rotterdam",
        "submitted": datetime.date(2026, 11, 2),
        "submitters": [{"name": "J. Jansen", "party": "SP"}],
        "addressed_to": ["Minister van Infrastructuur en Waterstaat"],
    }
    question_set = QuestionSet.objects.create(**{**defaults, **fields})
    document = _document(Document.Kind.QUESTIONS, processed=False)
    Question.objects.create(
        question_set=question_set, document=document, number=1, text="Bent u bekend met de haven?"
    )
    question_set_status_refresh([question_set.pk])  # as ingestion does
    return question_set


def _document(kind: str, *, processed: bool = True) -> Document:
    return Document.objects.create(
        filename=f"{kind}.pdf",
        sha256=uuid.uuid4().hex * 2,
        kind=kind,
        status=Document.Status.DONE,
        processed_at=timezone.now() if processed else None,
    )


def _answer_arrives(question_set: QuestionSet, kind: str = Document.Kind.ANSWERS) -> Document:
    document = _document(kind)
    SetDocument.objects.create(document=document, question_set=question_set)
    question_set_status_refresh([question_set.pk])
    return document


def _start_watching() -> None:
    notifications_collect(now=timezone.now() - datetime.timedelta(minutes=30))


def test_each_set_a_document_answering_several_sets_answers_is_notified(reader):
    first, second = _set(), _set(title="Vragen over de haven van Amsterdam")
    for question_set in (first, second):
        follow_add(user=reader, kind=Follow.Kind.SET, value=str(question_set.pk))
    _start_watching()
    document = _answer_arrives(first)
    second.run_answers.add(document)  # its second run is the second set's

    assert notifications_collect() == 2
    assert set(Notification.objects.values_list("question_set", flat=True)) == {
        first.pk,
        second.pk,
    }


def test_an_answer_to_a_followed_set_is_one_notification_and_one_mail(reader):
    question_set = _set()
    follow_add(user=reader, kind=Follow.Kind.SET, value=str(question_set.pk))
    _start_watching()
    _answer_arrives(question_set)

    assert notifications_collect() == 1
    assert mails_send() == 1
    assert notifications_collect() == 0 and mails_send() == 0  # nothing twice
    (message,) = mail.outbox
    assert message.to == ["beleid@example.nl"]
    assert question_set.zaak_number in message.subject
    assert reverse("question_set_detail", args=[question_set.pk]) in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    notification = Notification.objects.get()
    assert (notification.event, notification.mail) == ("answer", "sent")


def test_members_parties_ministries_and_searches_are_followed(reader, curator):
    curator.email = "curator@example.nl"
    curator.save()
    question_set = _set()
    follow_add(user=reader, kind=Follow.Kind.PARTY, value="SP")
    follow_add(user=reader, kind=Follow.Kind.MEMBER, value="J. Jansen")  # the same user: once
    follow_add(user=curator, kind=Follow.Kind.SEARCH, value="haven")
    other = get_user("ander", "ander@example.nl")
    follow_add(user=other, kind=Follow.Kind.MINISTRY, value="infrastructuur en waterstaat")
    nobody = get_user("niemand", "niemand@example.nl")
    follow_add(user=nobody, kind=Follow.Kind.PARTY, value="S")  # whole parties, not parts
    follow_add(user=nobody, kind=Follow.Kind.SEARCH, value="zeehonden")
    _start_watching()
    _answer_arrives(question_set, kind=Document.Kind.NOTICE)

    assert notifications_collect() == 3
    users = set(Notification.objects.values_list("user__username", flat=True))
    assert users == {"beleid", "curator", "ander"}
    assert set(Notification.objects.values_list("event", flat=True)) == {"notice"}


def test_a_followed_ministry_takes_in_its_ministers_without_portfolio(reader):
    """Following "Justitie en Veiligheid" (as the set list's filter names it) is news of a set
    addressed to the Minister voor Rechtsbescherming: that ministry's minister."""
    question_set = _set(addressed_to=["Minister voor Rechtsbescherming"])
    follow_add(user=reader, kind=Follow.Kind.MINISTRY, value="Justitie en Veiligheid")
    _start_watching()
    _answer_arrives(question_set, kind=Document.Kind.NOTICE)
    assert notifications_collect() == 1


def get_user(username: str, email: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(username=username, email=email)


def test_a_confirmed_link_is_news_for_the_sets_followers(reader, curator):
    question_set = _set()
    follow_add(user=reader, kind=Follow.Kind.SET, value=str(question_set.pk))
    _start_watching()
    letter = _document(Document.Kind.LETTER)
    passage = Passage.objects.create(document=letter, order=1, text="De haven blijft open.")
    link = Link.objects.create(
        question=question_set.questions.get(), passage=passage, method="lexical", score=0.9
    )
    link_confirm(link=link, curator=curator)

    assert notifications_collect() == 1
    assert Notification.objects.get().event == "link"


def test_a_deadline_warning_three_working_days_before_the_term_ends(reader):
    today = datetime.date(2026, 12, 2)  # a Wednesday
    assert working_days_after(today, 3) == datetime.date(2026, 12, 7)  # past the weekend
    due_monday = _set(submitted=datetime.date(2026, 11, 16))  # three weeks: 7 December
    later = _set(submitted=datetime.date(2026, 11, 20))
    answered = _set(submitted=datetime.date(2026, 11, 16))
    _answer_arrives(answered)
    for question_set in (due_monday, later, answered):
        follow_add(user=reader, kind=Follow.Kind.SET, value=str(question_set.pk))

    assert deadline_warnings_collect(today=today) == 1
    assert deadline_warnings_collect(today=today) == 0
    warning = Notification.objects.get()
    assert warning.question_set == due_monday and warning.event == "deadline"


def test_a_digest_user_gets_one_mail_a_day_with_everything(reader):
    AlertProfile.objects.create(user=reader, daily_digest=True)
    first, second = _set(), _set()
    for question_set in (first, second):
        follow_add(user=reader, kind=Follow.Kind.SET, value=str(question_set.pk))
    _start_watching()
    _answer_arrives(first)
    _answer_arrives(second)
    notifications_collect()

    assert mails_send() == 0
    assert digests_send() == 1 and digests_send() == 0
    (digest,) = mail.outbox
    assert first.zaak_number in digest.body and second.zaak_number in digest.body


def test_a_worker_killed_between_sending_and_recording_sends_nothing_twice(reader, monkeypatch):
    question_set = _set()
    follow_add(user=reader, kind=Follow.Kind.SET, value=str(question_set.pk))
    _start_watching()
    _answer_arrives(question_set)
    notifications_collect()

    def killed(*args, **kwargs):
        raise SystemExit("SIGKILL")  # the process dies after the mail left

    monkeypatch.setattr(services, "_record_sent", killed)
    with pytest.raises(SystemExit):
        mails_send()
    monkeypatch.undo()
    assert mails_send() == 0  # a restarted worker
    assert len(mail.outbox) == 1
    assert Notification.objects.get().mail == Notification.Mail.CLAIMED


def test_a_mail_the_server_refused_is_tried_again_on_the_next_run(reader, settings):
    question_set = _set()
    follow_add(user=reader, kind=Follow.Kind.SET, value=str(question_set.pk))
    _start_watching()
    _answer_arrives(question_set)
    notifications_collect()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there

    with pytest.raises(OSError):
        mails_send()
    assert Notification.objects.get().mail == Notification.Mail.PENDING
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert mails_send() == 1 and len(mail.outbox) == 1


def test_unsubscribing_is_one_click_from_the_mail(reader, client):
    question_set = _set()
    follow_add(user=reader, kind=Follow.Kind.SET, value=str(question_set.pk))
    _start_watching()
    _answer_arrives(question_set)
    notifications_collect()
    mails_send()
    url = re.search(r"http\S+/meldingen/afmelden/\S+/", mail.outbox[0].body).group(0)

    response = client.get(url.split("8000", 1)[1])  # no login needed
    assert response.status_code == 200
    assert "niet meer" in response.content.decode()
    assert not Follow.objects.exists()
    assert client.get(reverse("alerts:unsubscribe", args=["vervalst"])).status_code == 404


def test_feeds_need_the_token_not_a_session(reader, client):
    question_set = _set()
    follow = follow_add(user=reader, kind=Follow.Kind.SET, value=str(question_set.pk))
    _start_watching()
    _answer_arrives(question_set)
    notifications_collect()
    token = services.profile_of(reader).feed_token

    for url in (
        reverse("alerts:feed", args=[token]),
        reverse("alerts:follow_feed", args=[token, follow.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        assert f"Antwoord op {question_set.zaak_number}" in response.content.decode()
    search = client.get(reverse("alerts:search_feed", args=[token]), {"q": "haven"})
    assert question_set.zaak_number in search.content.decode()
    assert client.get(reverse("alerts:feed", args=["onbekend"])).status_code == 404


def test_a_new_feed_token_retires_the_old_one(reader, client_for):
    old = services.profile_of(reader).feed_token
    client = client_for(reader)
    client.post(reverse("alerts:preferences"), {"new_feed_token": "1"})
    assert client.get(reverse("alerts:feed", args=[old])).status_code == 404


def test_following_from_the_set_page_and_the_notifications_page(reader, client_for, client):
    question_set = _set()
    assert client.get(reverse("alerts:notifications")).status_code == 302  # log in first
    client = client_for(reader)
    page = client.get(reverse("question_set_detail", args=[question_set.pk])).content.decode()
    assert reverse("alerts:follow") in page
    response = client.post(
        reverse("alerts:follow"),
        {"kind": "set", "value": str(question_set.pk), "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response.url == reverse("alerts:notifications")
    assert (
        client.post(reverse("alerts:follow"), {"kind": "set", "value": "999999"}).status_code == 302
    )
    assert Follow.objects.count() == 1
    page = client.get(reverse("alerts:notifications")).content.decode()
    assert question_set.zaak_number in page and "Atom-feed" in page


def test_the_collector_and_the_daily_jobs_are_scheduled():
    from kamervragen.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {"alerts.tasks.alerts_collect_and_mail", "alerts.tasks.alerts_daily"} <= tasks


def test_the_admin_adds_no_notification_by_hand(admin_client):
    """Every field of a notification is read-only in the admin, so its add form had none:
    "Opslaan" saved an empty notification and failed (500, user_id NOT NULL)."""
    url = reverse("admin:alerts_notification_add")
    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {}).status_code == 403
    assert not Notification.objects.exists()


def test_what_one_follows_links_to_its_page(reader, client_for):
    """ "Wat u volgt" named a set, member or party without a link to it."""
    question_set = _set()
    for kind, value in (
        (Follow.Kind.SET, str(question_set.pk)),
        (Follow.Kind.MEMBER, "J. Jansen"),
        (Follow.Kind.PARTY, "SP"),
        (Follow.Kind.MINISTRY, "Infrastructuur en Waterstaat"),
        (Follow.Kind.SEARCH, "haven"),
    ):
        Follow.objects.create(user=reader, kind=kind, value=value)
    html = client_for(reader).get(reverse("alerts:notifications")).content.decode()
    follows = html[html.index('<ul class="follows">') :]
    for url in (
        question_set.get_absolute_url(),
        reverse("member_detail", args=["J. Jansen"]),
        reverse("party_detail", args=["SP"]),
        reverse("question_set_list") + "?ministry=Infrastructuur+en+Waterstaat",
        reverse("search") + "?q=haven",
    ):
        assert f'<a href="{url}">' in follows, url
