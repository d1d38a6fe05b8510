"""`benchmark-workers`: its configurations, documents and figures (the workers themselves
run in the command, not here: the real-worker tests are test_worker_killed and the
uploads' tests)."""

import pytest
from django.core.management import CommandError, call_command

from documents.services import document_create
from evaluation.worker_benchmark import (
    TASK_DONE,
    configurations,
    documents_generate,
    growth,
    summary,
    tasks_finished,
)


def test_each_count_is_one_pooled_worker_and_with_split_workers_per_stage():
    found = configurations([1, 2, 4], split=True)
    assert [c.processes for c in found] == [1, 2, 4, 2, 4]
    split = found[-1]
    stages = [worker.stages for worker in split.workers]
    assert stages.count(("extraction", "default")) == 2 and stages.count(("linking",)) == 2
    assert [c.processes for c in configurations([1, 2], split=False)] == [1, 2]


def test_the_documents_are_letters_and_questions_each_unique(tmp_path):
    documents = documents_generate(4, tmp_path)
    names = [name for name, _data in documents]
    assert names[0].endswith(".pdf") and names[1].endswith(".txt")
    assert len({data for _name, data in documents}) == 4
    assert documents[0][1].startswith(b"%PDF")


def test_the_task_times_are_read_from_the_workers_log():
    line = (
        "[2026-12-02 07:46:26,729: INFO/ForkPoolWorker-2] Task "
        "kamervragen.tasks.link_document[075a4ef1-4c41] succeeded in 0.66s: None"
    )
    assert TASK_DONE.findall(line) == [("kamervragen.tasks.link_document", "0.66")]
    assert summary([1.0, 2.0, 3.0]) == "3 × mean 2.00 s, p95 3.00 s"
    assert summary([]) == "-"


def test_the_first_and_last_quarter_say_whether_a_document_costs_more_later():
    log = "\n".join(
        f"[2026-12-02 07:46:{second:02d},729: INFO/ForkPoolWorker-1] Task "
        f"kamervragen.tasks.{task}[075a4ef1-4c41] succeeded in {took}s: None"
        for second, task, took in [
            (1, "ingest_document", "0.20"),
            (2, "link_document", "0.50"),
            (3, "ingest_document", "0.40"),
        ]
    )
    assert tasks_finished(log + "\nnoise") == [
        ("2026-12-02 07:46:01,729", "extraction", 0.2),
        ("2026-12-02 07:46:02,729", "linking", 0.5),
        ("2026-12-02 07:46:03,729", "extraction", 0.4),
    ]
    assert growth([1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 4.0, 4.0]) == "1.00 → 4.00 s"
    assert growth([1.0]) == "-"


@pytest.mark.django_db
def test_it_refuses_a_database_that_holds_documents():
    document_create(filename="v.txt", data=b"Vraag 1\n\nWaarom?\n")
    with pytest.raises(CommandError, match="database of its own"):
        call_command("benchmark-workers", "--documents", "2")
