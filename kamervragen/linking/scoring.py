"""Scoring passages against a question's terms, and choosing which become suggestions.

A passage scores its weighted coverage of the question's terms: a term weighs more the
rarer it is in the target document; a passage's section heading counts as context at
`heading_weight`; the question's best-matching sentence counts as much as the whole; a
shared word pair adds a little. A passage goes to the question of its set that it fits best
(within `mutual_tolerance`).
"""

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from documents.models import Passage
from kamervragen.linking.candidates import linkable, passages_for
from kamervragen.linking.config import DEFAULT, LinkingConfig
from kamervragen.linking.terms import QuestionTerms, passage_terms, question_set_terms
from kamervragen.models import Question


@dataclass
class Scored:
    passage: Passage
    score: float
    shared: list[str]
    reply: str = ""  # in a letter that declares it answers the set: "order", "fit", "combined"


class PassageScorer:
    """Scores questions against passages, knowing each passage's document's term frequencies."""

    def __init__(self, passages: list[Passage], config: LinkingConfig = DEFAULT) -> None:
        self.passages = passages
        self.config = config
        self.weights: dict[tuple[QuestionTerms, int], dict[str, float]] = {}  # per document
        documents = {p.document_id for p in passages}
        siblings = list(linkable(Passage.objects.filter(document_id__in=documents)))
        self.stems_of = passage_terms(siblings, config)
        self.frequency: dict[int, Counter] = {}
        self.size: Counter = Counter()
        for passage in siblings:
            self.frequency.setdefault(passage.document_id, Counter()).update(
                self.stems_of[passage.pk][0]
            )
            self.size[passage.document_id] += 1

    def __call__(self, terms: QuestionTerms, passage: Passage) -> tuple[float, list[str]]:
        """The passage's score for the question (0 to about 1.3) and the stems they share."""
        if not terms.weights:
            return 0.0, []
        config = self.config
        text, heading, pairs = self.stems_of.get(passage.pk, (set(), set(), set()))
        df = self.frequency.get(passage.document_id, Counter())
        n = self.size[passage.document_id] or 1

        key = (terms, passage.document_id)
        if key not in self.weights:
            idf, absent = config.uses("idf"), config.uses("absent")
            self.weights[key] = {
                stem: value
                * (math.log(1 + n / (1 + df[stem])) if idf else 1.0)
                * (config.absent_weight if absent and not df[stem] else 1.0)
                for stem, value in terms.weights.items()
            }
        weight = self.weights[key].__getitem__

        def coverage(stems: Iterable[str]) -> float:
            total = sum(weight(stem) for stem in stems)
            matched = sum(weight(stem) for stem in stems if stem in text)
            if config.uses("heading"):
                matched += config.heading_weight * sum(
                    weight(stem) for stem in stems if stem in heading and stem not in text
                )
            return matched / total if total else 0.0

        whole = coverage(terms.weights)
        best_part = max((coverage(part) for part in terms.parts), default=0.0)
        value = whole if not config.uses("parts") else (whole + best_part) / 2
        if config.uses("pairs"):
            value += config.pair_bonus * min(config.max_pairs, len(terms.pairs & pairs))
        shared = sorted(stem for stem in terms.weights if stem in text)
        return round(value, 4), shared


def rank_passages(
    question: Question,
    candidates: QuerySet[Passage],
    *,
    set_terms: dict[int, QuestionTerms] | None = None,
    scorer: PassageScorer | None = None,
    config: LinkingConfig = DEFAULT,
) -> list[Scored]:
    """The best candidates for the question, best first, each above the threshold.

    `set_terms` (the terms of every question of its set) and `scorer` may be passed in when
    many questions are ranked against the same passages; otherwise they are computed.
    """
    set_terms = set_terms or question_set_terms(question.question_set_id, config)
    terms = set_terms.get(question.number)
    if not terms or not terms.weights:
        return []
    retrieved = passages_for(terms, candidates, config) if scorer is None else scorer.passages
    rivals = []
    if config.uses("mutual"):
        rivals = [other for number, other in set_terms.items() if number != question.number]
    return score_passages(terms, retrieved, rivals, scorer=scorer, config=config)


def score_passages(
    terms: QuestionTerms,
    retrieved: list[Passage],
    rivals: Sequence[QuestionTerms] = (),
    *,
    scorer: PassageScorer | None = None,
    config: LinkingConfig = DEFAULT,
) -> list[Scored]:
    """Scores, filters and orders the retrieved passages for one question.

    With `rivals` (the other questions of its set), a passage is suggested only for the
    question of the set it matches best: a letter's paragraph on procurement answers the
    procurement question, not every question that mentions the supplier.
    """
    if not retrieved:
        return []
    score = scorer or PassageScorer(retrieved, config)
    results = []
    for passage in retrieved:
        value, shared = score(terms, passage)
        if len(shared) < config.min_shared_terms or value < config.min_score:
            continue
        if any(config.mutual_tolerance * score(rival, passage)[0] > value for rival in rivals):
            continue
        results.append(Scored(passage, min(value, 1.0), shared))
    results.sort(key=lambda item: item.score, reverse=True)
    best: dict[int, list[Scored]] = {}  # per document: a question may be addressed by several
    for item in results:
        kept = best.setdefault(item.passage.document_id, [])
        if len(kept) < config.suggestions_per_question and item.score >= config.relative_to_best * (
            kept[0].score if kept else item.score
        ):
            kept.append(item)
    return sorted((item for kept in best.values() for item in kept), key=lambda i: -i.score)
