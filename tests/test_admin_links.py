"""An admin edit of a link is a curation like any other: audited."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.forms.models import model_to_dict
from django.test import RequestFactory

from documents.models import Document
from kamervragen.models import Link, LinkEvent, Question, QuestionSet

pytestmark = pytest.mark.django_db


def test_changing_a_status_in_the_admin_is_recorded_as_a_curation():
    letter = Document.objects.create(filename="b.pdf", sha256="b" * 64, kind="letter")
    passage = letter.passages.create(order=0, text="Scanners worden gekeurd.", page=1)
    question_set = QuestionSet.objects.create(zaak_number="2023Z00001")
    question = Question.objects.create(
        question_set=question_set, document=letter, number=1, text="Welke?"
    )
    link = Link.objects.create(question=question, passage=passage, method=Link.Method.LEXICAL)
    superuser = get_user_model().objects.create_superuser("beheer", password="x")
    request = RequestFactory().post("/admin/")
    request.user = superuser
    model_admin = admin.site._registry[Link]
    form_class = model_admin.get_form(request, link, change=True)
    data = {k: v for k, v in model_to_dict(link).items() if v is not None}
    data.update(evidence="{}", status=Link.Status.CONFIRMED)  # as the admin form posts them
    form = form_class(data=data, instance=link)
    assert form.is_valid(), form.errors

    model_admin.save_model(request, form.save(commit=False), form, change=True)

    link.refresh_from_db()
    event = LinkEvent.objects.get(link=link)
    assert (link.status, link.curated_by) == (Link.Status.CONFIRMED, superuser)
    assert (event.actor, event.to_status, event.note) == (superuser, "confirmed", "admin")


def test_the_admins_link_form_says_in_words_what_is_wrong(admin_client):
    """A link without a passage or footnote, or a second link of a question to a passage, was
    refused with the constraint's name ("Beperking ‘link_has_one_target’ is geschonden.")."""
    from html import unescape

    from django.urls import reverse

    letter = Document.objects.create(filename="b.pdf", sha256="b" * 64, kind="letter")
    passage = letter.passages.create(order=0, text="Scanners worden gekeurd.", page=1)
    question_set = QuestionSet.objects.create(zaak_number="2023Z00001")
    question = Question.objects.create(
        question_set=question_set, document=letter, number=1, text="Welke?"
    )
    form = {"question": question.pk, "score": "0.5", "method": Link.Method.MANUAL}
    form |= {"status": Link.Status.SUGGESTED, "evidence": "{}", "version": "1"}
    form |= {"events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0"}
    url = reverse("admin:kamervragen_link_add")

    html = unescape(admin_client.post(url, form).content.decode())
    assert "Kies een passage of een voetnoot" in html
    assert "link_has_one_target" not in html

    Link.objects.create(question=question, passage=passage, method=Link.Method.LEXICAL)
    html = unescape(admin_client.post(url, form | {"passage": passage.pk}).content.decode())
    assert "Deze vraag is al aan deze passage gekoppeld." in html
    assert "link_question_passage_unique" not in html
    assert Link.objects.count() == 1
