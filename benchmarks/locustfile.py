"""Load test: 20 people browsing and searching while a clerk uploads documents.

Loopback only and bounded in time (benchmarks/locust.conf: 60 s, 21 users). See README,
"Load test". Accounts come from the environment: LOCUST_USER / LOCUST_PASSWORD (a policy
staff member) and LOCUST_CLERK / LOCUST_CLERK_PASSWORD (a clerk). Uploaded files are those
of LOCUST_UPLOAD_DIR (default tests/fixtures/structure), each made unique per upload so that
every one becomes a new document, LOCUST_BATCH of them per upload (default 1), until
LOCUST_UPLOADS files are uploaded (default: no end; 0: none, for a baseline). With
LOCUST_LARGE_PAGES (e.g. 300), every LOCUST_LARGE_EVERY-th file (default 50) is instead a
generated letter of that many pages (made once, in var/benchmark-pdfs/, as
`benchmark-ingestion` makes them).
"""

import itertools
import os
import random
import re
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

ROOT = Path(__file__).resolve().parent.parent
UPLOAD_DIR = Path(os.environ.get("LOCUST_UPLOAD_DIR", ROOT / "tests" / "fixtures" / "structure"))
SEARCHES = ["scanners", "douane", "2023Z", "stikstof", "zorg", "onderwijs", "minister", "Vraag"]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SET_LINK = re.compile(r'href="(/vragen/\d+/)"')
DOCUMENT_LINK = re.compile(r'href="(/documenten/\d+/)"')


@events.test_start.add_listener
def loopback_only(environment, **_kwargs) -> None:
    host = urlsplit(environment.host or "").hostname
    if host not in LOOPBACK:
        raise SystemExit(f"The load test runs against this machine only, not {host!r}.")


class _LoggedIn(HttpUser):
    abstract = True
    username_variable = "LOCUST_USER"

    def on_start(self) -> None:
        self.client.get("/accounts/login/", name="login")
        password = os.environ[self.username_variable + "_PASSWORD"]
        self.client.post(
            "/accounts/login/",
            {"username": os.environ[self.username_variable], "password": password},
            headers={"X-CSRFToken": self.client.cookies.get("csrftoken", "")},
            name="login",
        )


class Browsing(_LoggedIn):
    """Policy staff: the dashboard, the list, searches, a question set, a document."""

    weight = 20
    wait_time = between(1, 3)

    def on_start(self) -> None:
        super().on_start()
        self.sets: list[str] = []
        self.documents: list[str] = []

    @task(2)
    def dashboard(self) -> None:
        page = self.client.get("/", name="/ (dashboard)")
        self.documents = DOCUMENT_LINK.findall(page.text) or self.documents

    @task(3)
    def question_sets(self) -> None:
        page = self.client.get("/vragen/", name="/vragen/")
        self.sets = SET_LINK.findall(page.text) or self.sets

    @task(4)
    def search(self) -> None:
        query = random.choice(SEARCHES)
        self.client.get(f"/vragen/?q={query}", name="/vragen/?q=…")

    @task(3)
    def question_set(self) -> None:
        if self.sets:
            self.client.get(random.choice(self.sets), name="/vragen/<pk>/")

    @task(1)
    def document(self) -> None:
        if self.documents:
            self.client.get(random.choice(self.documents), name="/documenten/<pk>/")


UPLOADS = int(os.environ["LOCUST_UPLOADS"]) if os.environ.get("LOCUST_UPLOADS") else None
BATCH = int(os.environ.get("LOCUST_BATCH", "1"))
LARGE_PAGES = int(os.environ.get("LOCUST_LARGE_PAGES", "0"))
LARGE_EVERY = int(os.environ.get("LOCUST_LARGE_EVERY", "50"))


def _large_letter(pages: int) -> Path:
    """A generated letter of `pages` pages (reportlab), made once."""
    import sys

    folder = ROOT / "var" / "benchmark-pdfs"
    path = folder / f"brief-{pages}-paginas.pdf"
    if not path.exists():
        sys.path.insert(0, str(ROOT))
        from evaluation.ingestion_benchmark import pdf_generate

        folder.mkdir(parents=True, exist_ok=True)
        pdf_generate(pages, path)
    return path


class Clerk(_LoggedIn):
    """A clerk uploading the files of UPLOAD_DIR, BATCH at a time, made unique each time,
    with a large letter every LARGE_EVERY files; UPLOADS files in all."""

    weight = 1
    fixed_count = 1
    username_variable = "LOCUST_CLERK"
    wait_time = between(2, 4)

    def on_start(self) -> None:
        super().on_start()
        files = sorted(
            p for p in UPLOAD_DIR.iterdir() if p.suffix in {".pdf", ".html", ".xml", ".txt"}
        )
        self.files = itertools.cycle(files)
        self.large = _large_letter(LARGE_PAGES) if LARGE_PAGES else None
        self.uploaded = 0

    def _next_file(self) -> Path:
        self.uploaded += 1
        if self.large and self.uploaded % LARGE_EVERY == 1:  # the 1st, the 51st, …
            return self.large
        return next(self.files)

    @task
    def upload(self) -> None:
        if UPLOADS is not None and self.uploaded >= UPLOADS:
            return  # all uploaded (or none asked for); the clerk waits while others browse
        count = BATCH if UPLOADS is None else min(BATCH, UPLOADS - self.uploaded)
        files = []
        for _ in range(count):
            path = self._next_file()
            files.append(("files", (path.name, path.read_bytes() + _unique_tail(path.suffix))))
        self.client.post(
            "/documenten/upload/",
            files=files,
            headers={
                "X-CSRFToken": self.client.cookies.get("csrftoken", ""),
                "HX-Request": "true",
                "Referer": self.host + "/documenten/upload/",
            },
            name="/documenten/upload/",
        )


def _unique_tail(suffix: str) -> bytes:
    """Bytes after the content that change its hash, not its meaning."""
    nonce = uuid.uuid4().hex
    if suffix == ".pdf":
        return f"\n% {nonce}\n".encode()  # a comment after %%EOF
    if suffix in {".html", ".xml"}:
        return f"\n<!-- {nonce} -->\n".encode()
    return f"\n\n{nonce}\n".encode()
