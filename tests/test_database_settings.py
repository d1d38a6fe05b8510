"""The app's database connections: PostgreSQL with JIT compilation off."""

import pytest
from django.db import connection

from kamervragen.env import database_from_url


@pytest.mark.django_db
def test_the_apps_connections_run_without_jit():
    # JIT compiled the set list's query for 2 of its 2.2 s; without it the query takes 30 ms.
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_options_given_in_the_url_are_kept_beside_jit_off():
    database = database_from_url(
        "postgresql://u@h/kv?host=/run/pg&sslmode=require&options=-c%20statement_timeout%3D5000"
    )
    assert database["HOST"] == "/run/pg"
    assert database["OPTIONS"] == {
        "sslmode": "require",
        "options": "-c jit=off -c statement_timeout=5000",
    }
