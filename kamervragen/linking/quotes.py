"""Letters that quote each question before answering it, without numbers.

A minister's letter often reprints a question and answers it in the paragraph below. The
reprint shares every word with the question, so the model would suggest it with certainty,
and it is the one passage that cannot be the answer. These rules are certain where the model
is not: a reprint is never shown, and when a letter answers between its reprints, the
paragraph right after each reprint is that question's answer (an explicit link). Nor is a
passage that only asks (`only_asks`), whichever set's questions it repeats.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

from documents.models import Passage
from documents.text_similarity import comparable_text, text_similarity
from kamervragen.linking.features import Pair
from kamervragen.models import Question

# Only a passage sharing this share of its words with a question is compared with it word for
# word (that is slow).
QUOTE_MIN_SHARED_WORDS = 0.6
REPRINT_LABEL = re.compile(r"^vraag(?: \d+)? ")  # comparable text: "Vraag 2:" → "vraag 2 "
# A reprint: the question's words in the question's order, give or take a label ("Vraag:").
QUOTE_MIN_SIMILARITY = 0.85


SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def only_asks(text: str) -> bool:
    """Every sentence of the passage is a question (a question reprinted by a letter or an
    e-mail, "15, Bent u voornemens …?", another set's, or a list of questions): it answers
    none, whatever words it shares."""
    stripped = text.strip()
    if not stripped.endswith("?"):
        return False
    return all(sentence.endswith("?") for sentence in SENTENCE_END.split(stripped) if sentence)


@dataclass(frozen=True)
class QuotedAnswers:
    """What the reprints in a block of pairs decide."""

    reprints: frozenset[int]  # passage ids that reprint a question
    answers: list[tuple[Question, Passage]]  # (question, the paragraph after its reprint)


def quoted_answers(pairs: list[Pair]) -> QuotedAnswers:
    """The passages among these pairs' that reprint a question of the pairs' question sets
    and, in a document that answers between its reprints, the paragraph after each reprint
    that is not itself one. A letter that lists the questions first and answers them in
    prose after answers between none: there the model decides."""
    in_order: dict[int, dict[int, Passage]] = defaultdict(dict)  # document → order → passage
    for pair in pairs:
        in_order[pair.passage.document_id][pair.passage.order] = pair.passage
    questions = [
        (question, _words(question.text))
        for question in Question.objects.filter(
            question_set_id__in={pair.question.question_set_id for pair in pairs}
        ).order_by("question_set_id", "number")
    ]
    reprints: set[int] = set()
    answers: list[tuple[Question, Passage]] = []
    for passages in in_order.values():
        ordered = [passages[order] for order in sorted(passages)]
        reprinted = {}
        for passage in ordered:
            if not _asks(passage.text):
                continue  # a reprint asks (`reprint_similarity`): most passages are no reprint
            question = _reprinted_question(passage.text, questions)
            if question is not None:
                reprinted[passage.pk] = question
        reprints.update(reprinted)
        places = [i for i, passage in enumerate(ordered) if passage.pk in reprinted]
        if not any(later - earlier > 1 for earlier, later in pairwise(places)):
            continue  # no answer between two reprints
        for i in places:
            if i + 1 < len(ordered) and ordered[i + 1].pk not in reprinted:
                answers.append((reprinted[ordered[i].pk], ordered[i + 1]))
    return QuotedAnswers(reprints=frozenset(reprints), answers=answers)


def reprint_similarity(question: str, passage: str) -> float:
    """How alike the passage is to the question's own wording, word for word: 0 where their
    lengths differ too much for a reprint, except for a reprint of the question's first
    sentences (the passage's words, a label such as "Vraag:" aside, stand in the question as
    they are, and are at least half of it), which counts as alike as the share it reprints."""
    if _asks(question) and not _asks(passage):
        return 0.0  # "Bent u bekend met …? Ja.": a question and its answer in one paragraph
    passage_words = REPRINT_LABEL.sub("", comparable_text(passage))
    question_words = comparable_text(question)
    if passage_words and passage_words in question_words:
        share = len(passage_words) / len(question_words)
        if share >= 0.5:
            return QUOTE_MIN_SIMILARITY + (1 - QUOTE_MIN_SIMILARITY) * share
    if not 0.7 <= len(passage) / max(len(question), 1) <= 1.4:
        return 0.0
    return text_similarity(question, passage)


def _reprinted_question(text: str, questions: list[tuple[Question, set[str]]]) -> Question | None:
    """The question this text reprints: of near-identical questions ("… van de
    rijksoverheid?", "… van onze vitale infrastructuur?") the closest."""
    words = _words(text)
    best, best_similarity = None, QUOTE_MIN_SIMILARITY
    for question, question_words in questions:
        shared = len(words & question_words)
        if shared < QUOTE_MIN_SHARED_WORDS * len(words) or shared < 0.4 * len(question_words):
            continue  # most of the passage's words and a good part of the question's
        similarity = reprint_similarity(question.text, text)
        if similarity > best_similarity or (best is None and similarity == best_similarity):
            best, best_similarity = question, similarity
    return best


def _asks(text: str) -> bool:
    return text.rstrip().rstrip("\"'»”’)").endswith("?")


def _words(text: str) -> set[str]:
    return set(comparable_text(text).split())
