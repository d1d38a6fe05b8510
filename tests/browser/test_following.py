"""Following a question set from its page: the answer that arrives later is one
notification in the list, one mail and one entry in the user's feed."""

from django.core import mail
from playwright.sync_api import expect

from alerts.services import mails_send, notifications_collect
from tests.test_alerts import _answer_arrives, _set, _start_watching


def test_a_user_follows_a_set_and_sees_its_answer_arrive(
    transactional_db, policy_staff, log_in, page, shoot
):
    policy_staff.email = "beleid@example.nl"
    policy_staff.save()
    question_set = _set()
    log_in(policy_staff)
    page.goto(f"/vragen/{question_set.zaak_number}/")
    page.get_by_role("button", name="Volgen").click()

    expect(page.get_by_text("U volgt nu")).to_contain_text(question_set.zaak_number)
    expect(page.get_by_role("button", name="Niet meer volgen")).to_be_visible()
    shoot("following-set")
    page.get_by_role("link", name="Meldingen").first.click()
    expect(page.get_by_role("heading", name="Meldingen")).to_be_visible()
    followed = page.locator("ul.follows")
    expect(followed).to_contain_text(question_set.zaak_number)
    expect(page.get_by_text("Nog geen meldingen.")).to_be_visible()

    _start_watching()
    _answer_arrives(question_set)
    assert notifications_collect() == 1 and mails_send() == 1
    page.reload()
    notification = page.locator("ul.notifications li.unread")
    expect(notification).to_have_count(1)
    expect(notification).to_contain_text(f"Antwoord op {question_set.zaak_number}")
    shoot("following-notification")
    (message,) = mail.outbox
    assert message.to == ["beleid@example.nl"] and question_set.zaak_number in message.subject

    feed = page.request.get(page.get_by_role("link", name="Atom-feed").last.get_attribute("href"))
    assert feed.status == 200 and feed.text().count("<entry>") == 1

    page.get_by_role("button", name="Alles als gelezen markeren").click()
    expect(page.locator("ul.notifications li.unread")).to_have_count(0)
