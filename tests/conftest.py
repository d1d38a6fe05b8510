import json
import os
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from kamervragen.roles import CLERKS, CURATORS, POLICY_STAFF, ensure_role_groups

FIXTURES = Path(__file__).parent / "fixtures"
SEED_QUESTIONS_PDF = FIXTURES / "seeds" / "kamervragen-2023Z11786-nuctech.pdf"
SEED_LETTER_PDF = FIXTURES / "seeds" / "kamerbrief-31934-scan-en-detectie.pdf"
PASSWORD = "correct horse battery staple"


def _user(username: str, group: str):
    # Transactional tests flush the tables, so the groups the migration made may be gone.
    ensure_role_groups(Group, Permission)
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def policy_staff(db):
    return _user("beleid", POLICY_STAFF)


@pytest.fixture
def clerk(db):
    return _user("griffie", CLERKS)


@pytest.fixture
def curator(db):
    return _user("curator", CURATORS)


@pytest.fixture
def anonymous(client):
    return client


@pytest.fixture
def client_for(client):
    def log_in(user):
        client.force_login(user)
        return client

    return log_in


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def suggesting_model(tmp_path, monkeypatch):
    """The repository's model with its threshold pinned at 0.1, for tests of what happens to
    suggestions (withdrawn, promoted, made while another document links) on the seed pair:
    the shipped model's threshold is chosen on dev at each retraining (0.3 left that pair
    without a suggestion; at 0.2, since December 2026, question 4's best passage is 0.199),
    and these tests are about the mechanics, not about how many answers the shipped model
    suggests, which the gold measures (`evaluate-links`, `test_linking_gold`)."""
    model = model_pinned_at(0.1, tmp_path, monkeypatch)
    yield model.link_model()
    model.link_model.cache_clear()


def model_pinned_at(threshold: float, tmp_path, monkeypatch):
    """The `model` module, reading the repository's model with its threshold at
    `threshold` (its cache cleared; clear it again after the test)."""
    from kamervragen.linking import model

    data = json.loads(model.MODEL_PATH.read_text())
    data["threshold"] = threshold
    lowered = tmp_path / "model.json"
    lowered.write_text(json.dumps(data))
    monkeypatch.setattr(model, "MODEL_PATH", lowered)
    model.link_model.cache_clear()
    return model


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real Celery worker in a thread, consuming from the configured broker.

    Without CELERY_BROKER_URL the filesystem broker gets a folder of its own, so a
    developer's running worker cannot take the tests' tasks.
    """
    from celery.contrib.testing.worker import start_worker

    from kamervragen.celery import app

    if not os.environ.get("CELERY_BROKER_URL"):
        queue = tmp_path_factory.mktemp("celery-broker")
        app.conf.broker_url = "filesystem://localhost//"
        app.conf.broker_transport_options = {
            "data_folder_in": str(queue),
            "data_folder_out": str(queue),
            "control_folder": str(queue.parent / f"{queue.name}-control"),
            "store_processed": False,
        }
    from django.conf import settings

    with start_worker(
        app,
        pool="solo",
        perform_ping_check=False,
        shutdown_timeout=30,
        queues=settings.WORKER_QUEUES,  # extraction, linking and the default queue
    ) as worker:
        yield worker


def wait_for(condition, timeout: float = 90.0, interval: float = 0.2):
    """Poll until condition() is truthy; fail with the last value otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts without cached values (search's filter choices live in the cache)."""
    from django.core.cache import cache

    cache.clear()
