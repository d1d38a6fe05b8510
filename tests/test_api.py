"""The read API /api/v1/: tokens, roles, rate limit, records as in the export, filters, paging,
search and the OpenAPI document."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchVector
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from documents.models import Document, Footnote, Passage
from kamervragen.export import export_all
from kamervragen.ingestion.question_sets import question_set_status_refresh
from kamervragen.models import ApiToken, Link, Question, QuestionFootnote, QuestionSet
from kamervragen.tokens import token_create, token_revoke

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()  # the rate limit counts in the cache
    yield
    cache.clear()


@pytest.fixture
def data(db):
    today = timezone.localdate()
    questions = Document.objects.create(
        filename="vragen.pdf", sha256="1" * 64, kind="questions", status="done"
    )
    answers = Document.objects.create(
        filename="antwoord.pdf", sha256="2" * 64, kind="answers", status="done", date=today
    )
    scanners = QuestionSet.objects.create(
        zaak_number="2023Z11786",
        title="Chinese scanners bij de douane",
        submitted=today - timedelta(days=10),
        submitters=[{"name": "Rajkowski", "party": "VVD"}],
        addressed_to=["Staatssecretaris van Financiën"],
    )
    scanners.documents.add(questions, answers)
    question_set_status_refresh([scanners.pk])  # as ingestion does
    question = Question.objects.create(
        question_set=scanners,
        document=questions,
        number=1,
        text="Hoeveel scanners van Nuctech gebruikt de Douane?",
    )
    note = Footnote.objects.create(
        document=questions, order=0, marker="1", text="NOS, 1 mei", urls=["https://nos.nl/x"]
    )
    QuestionFootnote.objects.create(footnote=note, question=question)
    answer = Passage.objects.create(
        document=answers, order=0, text="De Douane gebruikt twaalf scanners van Nuctech.", page=1
    )
    other = Passage.objects.create(document=answers, order=1, text="Over de haven.", page=2)
    windmills = QuestionSet.objects.create(
        zaak_number="2024Z00002",
        title="Windparken op zee",
        submitted=today - timedelta(days=400),
        submitters=[{"name": "Bontenbal", "party": "CDA"}],
        addressed_to=["Minister van Klimaat"],
    )
    wind_question = Question.objects.create(
        question_set=windmills, document=questions, number=2, text="Hoeveel windmolens?"
    )
    Question.objects.update(search_vector=SearchVector("text", config="dutch"))
    Passage.objects.update(search_vector=SearchVector("text", config="dutch"))
    confirmed = Link.objects.create(
        question=question, passage=answer, method="explicit", score=1.0, status="confirmed"
    )
    rejected = Link.objects.create(
        question=question, passage=other, method="lexical", score=0.2, status="rejected"
    )
    question_set_status_refresh(QuestionSet.objects.values_list("pk", flat=True))
    return {
        "scanners": scanners,
        "windmills": windmills,
        "question": question,
        "wind_question": wind_question,
        "answers": answers,
        "answer": answer,
        "confirmed": confirmed,
        "rejected": rejected,
    }


@pytest.fixture
def api(client):
    """GET with a user's token: api(user).get(path, params)."""

    class Caller:
        def __init__(self, key):
            self.key = key

        def get(self, path, params=None, **extra):
            headers = {"Authorization": f"Bearer {self.key}"}
            return client.get(API + path, params or {}, headers=headers, **extra)

    def for_user(user):
        return Caller(token_create(user=user, name="test")[1])

    return for_user


# tokens and roles ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["policy_staff", "clerk", "curator", "admin_user"])
def test_every_role_reads_everything_the_web_shows_it(request, api, data, role):
    caller = api(request.getfixturevalue(role))
    for path in [
        "/question-sets",
        f"/question-sets/{data['scanners'].pk}",
        "/questions",
        f"/questions/{data['question'].pk}",
        "/documents",
        f"/documents/{data['answers'].pk}",
        "/passages",
        f"/passages/{data['answer'].pk}",
        "/links",
        f"/links/{data['confirmed'].pk}",
        "/search?q=scanners",
    ]:
        assert caller.get(path).status_code == 200, path
    # The set page shows rejected links (marked) to every role that may browse: so does the API.
    statuses = {item["status"] for item in caller.get("/links").json()["items"]}
    assert statuses == {"confirmed", "rejected"}


def test_a_user_without_a_role_is_refused(api, data):
    nobody = get_user_model().objects.create_user("niemand", password="x")
    response = api(nobody).get("/question-sets")
    assert response.status_code == 403


def test_no_token_a_wrong_token_or_a_session_get_401(client, policy_staff, data):
    assert client.get(API + "/question-sets").status_code == 401
    bad = {"Authorization": "Bearer kv_not-a-key"}
    assert client.get(API + "/question-sets", headers=bad).status_code == 401
    client.force_login(policy_staff)  # the API takes tokens, not the web session
    assert client.get(API + "/question-sets").status_code == 401


def test_a_revoked_token_gets_401(client, policy_staff, data):
    token, key = token_create(user=policy_staff, name="script")
    headers = {"Authorization": f"Bearer {key}"}
    assert client.get(API + "/question-sets", headers=headers).status_code == 200
    assert token_revoke(user=policy_staff, pk=token.pk)
    assert client.get(API + "/question-sets", headers=headers).status_code == 401


def test_a_deactivated_users_token_gets_401(client, policy_staff, data):
    _token, key = token_create(user=policy_staff, name="script")
    policy_staff.is_active = False
    policy_staff.save()
    headers = {"Authorization": f"Bearer {key}"}
    assert client.get(API + "/question-sets", headers=headers).status_code == 401


def test_the_api_is_read_only(client, curator, data):
    _token, key = token_create(user=curator, name="script")
    headers = {"Authorization": f"Bearer {key}"}
    url = f"{API}/links/{data['confirmed'].pk}"
    for method in (client.post, client.put, client.patch, client.delete):
        assert method(url, headers=headers).status_code == 405
    assert Link.objects.filter(pk=data["confirmed"].pk, status="confirmed").exists()


def test_the_rate_limit_is_per_token_with_retry_after(settings, client, policy_staff, data):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    _token, key = token_create(user=policy_staff, name="fast")
    _token, other_key = token_create(user=policy_staff, name="other")
    headers = {"Authorization": f"Bearer {key}"}
    codes = [client.get(API + "/questions", headers=headers).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get(API + "/questions", headers=headers)
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 60
    other = {"Authorization": f"Bearer {other_key}"}
    assert client.get(API + "/questions", headers=other).status_code == 200


# records: the export's field names ----------------------------------------------------------


def test_records_are_those_of_the_export(api, policy_staff, data):
    caller = api(policy_staff)
    exported = export_all()
    document = next(d for d in exported["documents"] if d["id"] == data["answers"].pk)
    assert caller.get(f"/documents/{data['answers'].pk}").json() == document
    listed = next(
        d for d in caller.get("/documents").json()["items"] if d["id"] == data["answers"].pk
    )
    contents = {"passages", "questions", "footnotes", "references"}
    assert listed == {k: v for k, v in document.items() if k not in contents}
    links = caller.get("/links").json()["items"]
    assert links == exported["links"]
    passage = caller.get(f"/passages/{data['answer'].pk}").json()
    assert passage == document["passages"][0] | {"document_id": data["answers"].pk}
    questions_doc = next(d for d in exported["documents"] if d["kind"] == "questions")
    question = caller.get(f"/questions/{data['question'].pk}").json()
    assert question == questions_doc["questions"][0]
    assert question["footnotes"] == [
        {"marker": "1", "text": "NOS, 1 mei", "urls": ["https://nos.nl/x"]}
    ]


def test_a_question_set_has_the_set_list_fields_and_its_questions(api, policy_staff, data):
    body = api(policy_staff).get(f"/question-sets/{data['scanners'].pk}").json()
    assert body["zaak"] == "2023Z11786" and body["status"] == "answered"
    assert body["questions"] == 1 and body["linked_questions"] == 1
    assert [q["id"] for q in body["question_list"]] == [data["question"].pk]
    assert sorted(body["document_ids"]) == sorted(d.pk for d in data["scanners"].documents.all())


def test_missing_objects_are_404(api, policy_staff, data):
    caller = api(policy_staff)
    for path in ["/question-sets/999999", "/documents/999999", "/links/999999"]:
        assert caller.get(path).status_code == 404


# filters, paging, search ---------------------------------------------------------------------


def _zaken(response):
    return [item["zaak"] for item in response.json()["items"]]


def test_question_set_filters_like_the_web_list(api, policy_staff, data):
    caller = api(policy_staff)
    assert _zaken(caller.get("/question-sets", {"ministry": "financiën"})) == ["2023Z11786"]
    assert _zaken(caller.get("/question-sets", {"party": "CDA"})) == ["2024Z00002"]
    assert _zaken(caller.get("/question-sets", {"member": "Rajkowski"})) == ["2023Z11786"]
    assert _zaken(caller.get("/question-sets", {"submitter": "Rajkowski"})) == ["2023Z11786"]
    assert _zaken(caller.get("/question-sets", {"submitter": "rajk"})) == []  # whole names
    assert _zaken(caller.get("/question-sets", {"status": "overdue"})) == ["2024Z00002"]
    # The records say "awaiting" (open, no questions yet); the filter takes it as the web list does.
    waiting = QuestionSet.objects.create(
        zaak_number="2024Z00009", title="Alleen een uitstelbericht", questions_missing=True
    )
    assert _zaken(caller.get("/question-sets", {"status": "awaiting"})) == [waiting.zaak_number]
    year = data["windmills"].submitted.year
    assert "2024Z00002" in _zaken(caller.get("/question-sets", {"year": year}))
    assert _zaken(caller.get("/question-sets", {"q": "windmolens"})) == ["2024Z00002"]


def test_bad_filters_are_422_not_500(api, policy_staff, data):
    caller = api(policy_staff)
    for params in [{"status": "weg"}, {"year": "abc"}, {"page": "0"}, {"page_size": "100000"}]:
        assert caller.get("/question-sets", params).status_code == 422, params
    assert caller.get("/search").status_code == 422
    assert caller.get("/links", {"question": "x"}).status_code == 422


def test_paging(api, policy_staff, data):
    caller = api(policy_staff)
    first = caller.get("/question-sets", {"page_size": 1}).json()
    second = caller.get("/question-sets", {"page_size": 1, "page": 2}).json()
    assert first["count"] == second["count"] == 2
    assert len(first["items"]) == len(second["items"]) == 1
    assert first["items"][0]["id"] != second["items"][0]["id"]
    assert caller.get("/question-sets", {"page": 99}).json()["items"] == []


def test_link_filters(api, policy_staff, data):
    caller = api(policy_staff)
    rejected = caller.get("/links", {"status": "rejected"}).json()["items"]
    assert [link["id"] for link in rejected] == [data["rejected"].pk]
    by_set = caller.get("/links", {"question_set": data["windmills"].pk}).json()
    assert by_set["count"] == 0


def test_search_finds_questions_and_passages(api, policy_staff, data):
    body = api(policy_staff).get("/search", {"q": "nuctech scanners"}).json()
    assert [q["id"] for q in body["questions"]] == [data["question"].pk]
    assert [p["id"] for p in body["passages"]] == [data["answer"].pk]
    assert body["passages"][0]["document_id"] == data["answers"].pk
    assert body["questions"][0]["rank"] > 0


# documentation ------------------------------------------------------------------------------


def test_the_openapi_document_and_its_page_are_served(client):
    schema = client.get(API + "/openapi.json").json()
    assert schema["info"]["version"] == "1"
    for path in ["/question-sets", "/questions", "/documents", "/passages", "/links", "/search"]:
        assert API + path in schema["paths"], path
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    page = client.get(API + "/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html  # from static/, not a CDN
    assert "cdn" not in html.lower()


# the token page -------------------------------------------------------------------------------


def test_a_token_is_shown_once_and_only_its_hash_is_kept(client_for, policy_staff):
    client = client_for(policy_staff)
    response = client.post(reverse("api_tokens"), {"name": "rapportage"})
    assert response.status_code == 200
    html = response.content.decode()
    token = ApiToken.objects.get(user=policy_staff)
    key = html.split('id="new-key">')[1].split("<")[0]
    assert key.startswith("kv_") and len(key) > 40
    assert token.key_hash != key and key not in token.key_hash
    assert response["Cache-Control"] == "no-store"
    again = client.get(reverse("api_tokens")).content.decode()
    assert "rapportage" in again and key not in again
    response = client.get(API + "/questions", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200


def test_a_token_is_revoked_on_the_page(client_for, policy_staff):
    client = client_for(policy_staff)
    token, key = token_create(user=policy_staff, name="oud")
    response = client.post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Ingetrokken op" in client.get(reverse("api_tokens")).content.decode()
    assert (
        client.get(API + "/questions", headers={"Authorization": f"Bearer {key}"}).status_code
        == 401
    )


def test_nobody_revokes_anothers_token(client_for, policy_staff, curator):
    token, _key = token_create(user=curator, name="van een ander")
    client_for(policy_staff).post(reverse("api_token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_token_needs_a_name(client_for, policy_staff):
    response = client_for(policy_staff).post(reverse("api_tokens"), {"name": ""})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_the_key_form_reads_like_the_other_forms(client_for, policy_staff):
    """Django's as_div gave 'Naam:' with its help text between label and field, in body text;
    every other form has a bare label, the field, then the help in small grey text."""
    html = client_for(policy_staff).get(reverse("api_tokens")).content.decode()
    form = html[html.index('id="create-title"') :]
    assert '<label for="id_name">Naam</label>' in form
    field = form.index('id="id_name"')
    help_text = form.index("Waarvoor u de sleutel gebruikt")
    assert field < help_text
    assert 'class="help" id="id_name_helptext"' in form
    assert 'aria-describedby="id_name_helptext"' in form
