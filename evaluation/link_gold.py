"""Gold links (format `kamervragen.gold/1`, see the README): reading, scoring and exporting.

A gold file names a question document and a target document and lists, per question
number, the phrases (normalised substrings of the target's passages) that address it.
"""

import json
import re
import statistics
from dataclasses import dataclass, field, replace
from pathlib import Path

from documents.models import Document, Passage
from evaluation.gold_phrases import normalise
from kamervragen.linking.candidates import linkable
from kamervragen.models import Link, LinkCandidate, Question

SCHEMA = "kamervragen.gold/1"
MACHINE_METHODS = [
    Link.Method.EXPLICIT,
    Link.Method.LEXICAL,
    Link.Method.REFERENCE,
    Link.Method.SOURCE,
]


class GoldError(Exception):
    pass


def document_locate(locator: dict) -> Document:
    """The one document matching every key of the locator (see the README)."""
    documents = Document.objects.all()
    if "sha256" in locator:
        documents = documents.filter(sha256=locator["sha256"])
    if "kind" in locator:
        documents = documents.filter(kind=locator["kind"])
    if "filename" in locator:
        documents = documents.filter(filename=locator["filename"])
    if "identifiers" in locator:
        documents = documents.filter(identifiers__contains=locator["identifiers"])
    found = [
        document
        for document in documents
        if "filename_stem" not in locator
        or Path(document.filename).stem == locator["filename_stem"]
    ]
    if len(found) != 1:
        raise GoldError(f"{len(found)} documents match {json.dumps(locator, ensure_ascii=False)}")
    return found[0]


def gold_load(path: Path | str) -> dict:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if data.get("schema") != SCHEMA:
        raise GoldError(f"{path}: schema is not {SCHEMA}")
    for number, items in data["answers"].items():
        for item in items:
            if item.get("grade") not in (0, 1, 2) or not item.get("phrase"):
                raise GoldError(f"{path}: question {number}: bad item {item}")
    return data


def passage_grade(text: str, items: list[dict]) -> int:
    """The highest grade of a gold phrase found in this passage text (0 if none)."""
    normal = normalise(text)
    return max((item["grade"] for item in items if normalise(item["phrase"]) in normal), default=0)


@dataclass
class QuestionScore:
    number: int
    gold_direct: int  # target passages graded 2
    gold_related: int  # target passages graded 1
    suggestions: list[tuple[int, float, int]] = field(default_factory=list)  # order, score, grade
    candidates: list[tuple[int, float, int]] = field(default_factory=list)  # "Mogelijk ook …"

    @property
    def answered(self) -> bool:
        return self.gold_direct + self.gold_related > 0

    def hit_at(self, k: int) -> bool:
        return any(grade == 2 for _, _, grade in self.suggestions[:k])

    @property
    def two_tier_hit(self) -> bool:
        """A grade-2 passage among the top 3 of "Voorgesteld" then "Mogelijk ook relevant"."""
        return any(grade == 2 for _, _, grade in [*self.suggestions, *self.candidates][:3])

    @property
    def reciprocal_rank(self) -> float:
        for rank, (_, _, grade) in enumerate(self.suggestions, start=1):
            if grade == 2:
                return 1 / rank
        return 0.0


def gold_evaluate(
    data: dict, methods: list[str] | None = None
) -> tuple[list[QuestionScore], list[str]]:
    """Scores the machine's links (every method but manual, or `methods`) against one gold
    file."""
    questions_document = document_locate(data["questions"])
    target = document_locate(data["target"])
    passages = list(Passage.objects.filter(document=target).order_by("order"))
    problems = []
    scores = []
    questions = {
        q.number: q for q in Question.objects.filter(question_set__documents=questions_document)
    }
    for key, items in sorted(data["answers"].items(), key=lambda pair: int(pair[0])):
        number = int(key)
        for item in items:
            if not any(normalise(item["phrase"]) in normalise(p.text) for p in passages):
                problems.append(f"vraag {number}: fragment niet gevonden: {item['phrase']!r}")
        question = questions.get(number)
        if question is None:
            problems.append(f"vraag {number} ontbreekt in {questions_document}")
            continue
        grades = [passage_grade(p.text, items) for p in passages]
        score = QuestionScore(number, grades.count(2), grades.count(1))
        links = (
            Link.objects.filter(question=question, passage__document=target)
            .filter(method__in=methods or MACHINE_METHODS)
            .select_related("passage")
            .order_by("-score", "pk")
        )
        score.suggestions = [
            (link.passage.order, link.score, passage_grade(link.passage.text, items))
            for link in links
        ]
        score.candidates = [
            (c.passage.order, c.probability, passage_grade(c.passage.text, items))
            for c in LinkCandidate.objects.filter(question=question, passage__document=target)
            .select_related("passage")
            .order_by("rank", "-probability", "pk")
        ]
        scores.append(score)
    return scores, problems


def summary(scores: list[QuestionScore]) -> dict:
    direct = [s for s in scores if s.gold_direct]
    unanswered = [s for s in scores if not s.answered]
    suggestions = [grade for s in scores for _, _, grade in s.suggestions]

    def share(values: list[bool]) -> float | None:
        return round(sum(values) / len(values), 3) if values else None

    return {
        "questions": len(scores),
        "with_direct_answer": len(direct),
        "hit@1": share([s.hit_at(1) for s in direct]),
        "hit@3": share([s.hit_at(3) for s in direct]),
        "mrr": round(sum(s.reciprocal_rank for s in direct) / len(direct), 3) if direct else None,
        "suggestions": len(suggestions),
        "precision": share([grade >= 1 for grade in suggestions]),
        "unanswered": len(unanswered),
        "unanswered_with_suggestion": sum(bool(s.suggestions) for s in unanswered),
        "unanswered_silent": share([not s.suggestions for s in unanswered]),
        "two_tier_top3": share([s.two_tier_hit for s in direct]),
    }


def median_passage_chars(document_ids: set[int]) -> int | None:
    """The median length of the passages of these documents: a passage must stay
    passage-sized (a whole letter as one passage answers nothing in particular)."""
    lengths = sorted(
        len(text)
        for text in linkable(Passage.objects.filter(document_id__in=document_ids)).values_list(
            "text", flat=True
        )
    )
    return statistics.median_low(lengths) if lengths else None


# export -------------------------------------------------------------------------------------


def unique_phrase(passage: Passage, siblings: list[Passage], min_words: int = 8) -> str:
    """The shortest leading run of words (at least min_words) found in no other passage."""
    words = normalise(passage.text).split()
    others = [normalise(p.text) for p in siblings if p.pk != passage.pk]
    for size in range(min(min_words, len(words)), len(words) + 1):
        phrase = " ".join(words[:size])
        if not any(phrase in other for other in others):
            return phrase
    return " ".join(words)


def gold_export() -> list[dict]:
    """Curators' decisions as gold files: one per question document and target document.

    Confirmed and manual links become grade 2, rejected ones grade 0 (reviewed, does not
    address the question). Questions without a curated link are left out (not annotated).
    """
    curated = (
        Link.objects.filter(passage__isnull=False)
        .exclude(status=Link.Status.SUGGESTED)
        .select_related("question__document", "passage__document")
        .order_by("question__document", "passage__document", "question__number", "passage__order")
    )
    files: dict[tuple[int, int], dict] = {}
    siblings: dict[int, list[Passage]] = {}
    for link in curated:
        source, target = link.question.document, link.passage.document
        data = files.setdefault(
            (source.pk, target.pk),
            {
                "schema": SCHEMA,
                "questions": _locator(source),
                "target": _locator(target),
                "annotator": "curatoren (export-gold)",
                "answers": {},
            },
        )
        if target.pk not in siblings:
            siblings[target.pk] = list(target.passages.all())
        grade = 0 if link.status == Link.Status.REJECTED else 2
        data["answers"].setdefault(str(link.question.number), []).append(
            {"phrase": unique_phrase(link.passage, siblings[target.pk]), "grade": grade}
        )
    return list(files.values())


def _locator(document: Document) -> dict:
    return {"kind": document.kind, "sha256": document.sha256, "filename": document.filename}


def gold_filename(data: dict) -> str:
    def slug(locator: dict) -> str:
        return re.sub(r"[^\w-]+", "-", Path(locator["filename"]).stem).strip("-")[:60]

    return f"{slug(data['questions'])}--{slug(data['target'])}.json"


def at_threshold(scores: list[QuestionScore], threshold: float) -> list[QuestionScore]:
    """The scores as they would be if suggestions below `threshold` were never made."""
    return [
        replace(s, suggestions=[item for item in s.suggestions if item[1] >= threshold])
        for s in scores
    ]
