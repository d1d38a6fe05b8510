"""Hostile content in what is uploaded: `<script>`, `onerror=` and `javascript:` URLs in the
title, a question and a footnote of an HTML or a text document are shown as text on every
page, and the only links made from a document's text are http(s) ones. The same file
uploaded twice at the same moment becomes one document."""

import re
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from documents import services
from documents.models import Document
from kamervragen.models import QuestionSet

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
HTML = """<!DOCTYPE html><html><head><title>Vragen &lt;script&gt;alert(1)&lt;/script&gt;</title>
<script>alert('kop')</script></head><body>
<p>Vragen van het lid Van der Lee (GroenLinks) aan de Minister van Financiën over
&lt;script&gt;alert(1)&lt;/script&gt; scanners (ingezonden 3 juli 2023).</p>
<div class="vraag"><h2>Vraag 1</h2><p>Klopt het dat &lt;script&gt;alert(1)&lt;/script&gt; en
&lt;img src=x onerror=alert(1)&gt; in de tekst staan?<sup>1</sup>
<img src=x onerror="alert(2)"><a href="javascript:alert(3)">klik</a></p></div>
<div class="vraag"><h2>Vraag 2</h2><p>Wat vindt u van javascript:alert(4)?</p></div>
<div class="voet"><p><sup>1</sup> Zie javascript:alert(5) en https://www.example.nl/artikel
en &lt;a href="javascript:alert(6)"&gt;hier&lt;/a&gt;.</p></div>
</body></html>"""
TEXT = f"""Vragen van het lid Omtzigt (CDA) aan de Minister van Financiën over {SCRIPT}
(ingezonden 4 juli 2023).

Vraag 1
Staat {SCRIPT} of {IMAGE} in deze vraag?1

Vraag 2
Opent javascript:alert(7) een venster?

1 Zie {IMAGE} en data:text/html,<script>alert(8)</script> en https://www.example.nl/tekst
"""
LINK = re.compile(r"""<a\b[^>]*\bhref\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)


def _pages(client, document: Document) -> dict[str, str]:
    question_set = QuestionSet.objects.get(documents=document)
    urls = {
        "dashboard": reverse("dashboard"),
        "list": reverse("question_set_list"),
        "search": reverse("question_set_list") + "?q=alert",
        "set": reverse("question_set_detail", args=[question_set.pk]),
        "document": reverse("documents:detail", args=[document.pk]),
        "review": reverse("review_queue"),
    }
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, url
        pages[name] = response.content.decode()
    return pages


def _assert_shown_as_text(pages: dict[str, str]) -> None:
    for url, html in pages.items():
        assert "<script>alert" not in html, url
        assert re.search(r"<[a-z][^>]*\sonerror\s*=", html, re.IGNORECASE) is None, url
        for href in LINK.findall(html):
            assert href.startswith(("/", "#", "?", "http://", "https://", "mailto:")), (url, href)
    detail = pages["set"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail  # shown, as text
    assert 'href="https://www.example.nl/' in detail  # an http(s) URL is a link


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("name", "content"), [("vragen.html", HTML), ("vragen.txt", TEXT)])
def test_scripts_in_an_upload_are_shown_as_text(tmp_path, client, admin_user, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    call_command("ingest", str(path), sync=True)
    document = Document.objects.get()
    assert (document.status, document.kind) == ("done", "questions"), document.error
    assert document.questions.count() == 2
    client.force_login(admin_user)
    _assert_shown_as_text(_pages(client, document))


@pytest.mark.django_db(transaction=True)
def test_the_same_file_uploaded_twice_at_the_same_moment_is_one_document(monkeypatch, settings):
    both_checked = threading.Barrier(2, timeout=30)
    sniff = services.sniff_format

    def sniff_after_both_looked(data: bytes) -> str:
        both_checked.wait()  # each upload has looked for an existing file and found none
        return sniff(data)

    monkeypatch.setattr(services, "sniff_format", sniff_after_both_looked)
    results: list = []
    errors: list = []

    def upload():
        try:
            results.append(services.document_create(filename="brief.txt", data=TEXT.encode()))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(result.created for result in results) == [False, True]
    assert len({result.document.pk for result in results}) == 1
    assert Document.objects.count() == 1
    stored = [p for p in (settings.MEDIA_ROOT / "documents").rglob("*") if p.is_file()]
    assert len(stored) == 1  # the loser's copy of the file is removed
