from playwright.sync_api import expect

from kamervragen.models import Link, Question


def test_policy_staff_cannot_reach_upload_or_curation(seeded, policy_staff, log_in, page):
    log_in(policy_staff)
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(nav.get_by_role("link", name="Uploaden")).to_have_count(0)
    expect(nav.get_by_role("link", name="Beoordelen")).to_have_count(0)

    link = Link.objects.filter(passage__isnull=False).first()
    question = Question.objects.first()
    for url in ["/documenten/upload/", "/beoordelen/", f"/vraag/{question.pk}/passages/?q=x"]:
        assert page.goto(url).status == 403, url

    page.goto(f"/vragen/{question.question_set_id}/")
    expect(page.get_by_role("button", name="Bevestigen")).to_have_count(0)
    expect(page.get_by_text("Passage toevoegen")).to_have_count(0)
    document = link.passage.document
    page.goto(f"/documenten/{document.pk}/")
    expect(page.get_by_role("button", name="Opnieuw verwerken")).to_have_count(0)
    expect(page.get_by_text("Soort en gegevens corrigeren")).to_have_count(0)

    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    headers = {"HX-Request": "true", "X-CSRFToken": csrf, "Referer": page.url}
    posts = {
        f"/koppelingen/{link.pk}/confirm/": {},
        f"/vraag/{question.pk}/koppelen/": {"passage": str(link.passage_id)},
        "/documenten/upload/": {},
        f"/documenten/{document.pk}/opnieuw-verwerken/": {},
        f"/documenten/{document.pk}/corrigeren/": {"kind": "other"},
    }
    for url, form in posts.items():
        assert page.request.post(url, form=form, headers=headers).status == 403, url
    link.refresh_from_db()
    assert link.status == Link.Status.SUGGESTED
    document.refresh_from_db()
    assert (document.status, document.kind_set_by_user) == ("done", False)
