"""The sets a document answers when it answers several, each numbered anew ("Vragen van het
lid A (2023Z01234)", "Antwoord 1" …, "Vragen van de leden C en D (2023Z05678)", "Antwoord 1"
…): `Passage.answer_run` says whose numbering an answer is in, and the document's
`metadata["answer_runs"]` what each run's heading says (`documents.pipeline._answer_runs`).

Runs count from 1 (0: a document answering one set). Run 1 is also the set's the document
belongs to (`SetDocument`: by the first run's zaak number or reprinted questions); each run
is a set's when certain: its zaak number, or its heading's (else the header's) members and
subject fitting exactly one set. Otherwise its answers link to nothing explicitly. The sets
of the other runs count the document as their answer (`QuestionSet.run_answers`, kept by
`kamervragen.ingestion.question_sets.answer_runs_record`)."""

import re

from django.db.models import Q, QuerySet

from documents.models import Document, Passage
from kamervragen.models import QuestionSet

RUN_HEADING = re.compile(
    r"\bvan\s+(?:het\s+lid|de\s+leden)\s+(?P<members>.+?)\s+over\s+(?P<subject>.+?)\s*\.?$",
    re.IGNORECASE | re.DOTALL,
)


def answer_run_set(document: Document, run: int) -> QuestionSet | None:
    """The set whose numbering the document's answers of this run are in, when certain."""
    runs = (document.metadata or {}).get("answer_runs") or []
    if not 0 < run <= len(runs):
        return None
    described = runs[run - 1]
    if described.get("zaak"):
        return QuestionSet.objects.filter(zaak_number=described["zaak"]).first()
    # The run's heading, else what the document's header says of the run's set
    found = RUN_HEADING.search(described.get("heading", "")) or RUN_HEADING.search(
        described.get("described", "")
    )
    if not found:
        return None
    subject = re.sub(r"\s+", " ", found.group("subject")).strip(" .")
    fitting = [
        candidate
        for candidate in QuestionSet.objects.filter(
            Q(title__iexact=subject) | Q(title__iexact=f"{subject}.")
        )[:20]
        if _members_named(candidate, found.group("members"))
    ]
    return fitting[0] if len(fitting) == 1 else None


def answer_run_sets(document: Document) -> set[int]:
    """The ids of the sets the document's runs answer, each where certain (none for a
    document answering one set)."""
    runs = (document.metadata or {}).get("answer_runs") or []
    found = (answer_run_set(document, run) for run in range(1, len(runs) + 1))
    return {question_set.pk for question_set in found if question_set is not None}


def answer_runs_documents() -> QuerySet[Document]:
    """The documents answering several sets: those with answers in a run (`answer_run`)."""
    runs = Passage.objects.filter(answer_run__gt=0, role=Passage.Role.ANSWER, superseded=False)
    return Document.objects.filter(pk__in=runs.values("document_id")).order_by("pk")


def answer_runs_naming(question_set: QuestionSet) -> list[Document]:
    """The documents answering several sets that a run of may be this set's (by its zaak
    number, or a heading holding its title) or that answer it now: those whose runs
    `answer_run_set` should read again once the set is new or changed."""
    title = _folded(question_set.title).rstrip(".")
    answering = set(question_set.run_answers.values_list("pk", flat=True))
    found = set(answering)
    for pk, runs in answer_runs_documents().values_list("pk", "metadata__answer_runs"):
        if any(
            run.get("zaak") == question_set.zaak_number
            if run.get("zaak")
            else bool(title) and title in _folded(f"{run.get('heading')} {run.get('described')}")
            for run in runs or []
            if isinstance(run, dict)
        ):
            found.add(pk)
    return list(Document.objects.filter(pk__in=found).only("metadata").order_by("pk"))


def _folded(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


def _members_named(question_set: QuestionSet, members: str) -> bool:
    """Every submitter of the set is named in the heading, by surname."""
    names = [
        (s.get("name", "") if isinstance(s, dict) else str(s)) for s in question_set.submitters
    ]
    surnames = [re.sub(r"\s*\(.*$", "", name).split()[-1] for name in names if name.strip()]
    return bool(surnames) and all(
        re.search(rf"\b{re.escape(surname)}\b", members) for surname in surnames
    )


def later_run_answers(question_set_id: int) -> QuerySet[Passage]:
    """The answers of runs, in any document answering several sets, that are this set's."""
    wanted = []
    runs = Passage.objects.filter(answer_run__gt=0, role=Passage.Role.ANSWER, superseded=False)
    pairs = list(runs.values_list("document_id", "answer_run").distinct())
    documents = Document.objects.only("metadata").in_bulk({pk for pk, _ in pairs})
    for document_id, run in pairs:
        found = answer_run_set(documents[document_id], run)
        if found is not None and found.pk == question_set_id:
            wanted.append(Q(document_id=document_id, answer_run=run))
    if not wanted:
        return Passage.objects.none()
    query = wanted[0]
    for more in wanted[1:]:
        query |= more
    return runs.filter(query)
