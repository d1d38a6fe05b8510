"""Load test: 20 people browsing and searching while a clerk uploads documents.

Loopback only and bounded in time (benchmarks/locust.conf: 60 s, 21 users). See README,
"Load test". Accounts come from the environment: LOCUST_USER / LOCUST_PASSWORD (a policy
staff member) and LOCUST_CLERK / LOCUST_CLERK_PASSWORD (a clerk). Uploaded files are those
of LOCUST_UPLOAD_DIR (default tests/fixtures/structure), each made unique per upload so that
every one becomes a new document.
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


class Clerk(_LoggedIn):
    """A clerk uploading the files of UPLOAD_DIR one by one, made unique each time."""

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

    @task
    def upload(self) -> None:
        path = next(self.files)
        data = path.read_bytes() + _unique_tail(path.suffix)
        self.client.post(
            "/documenten/upload/",
            files={"files": (path.name, data)},
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
