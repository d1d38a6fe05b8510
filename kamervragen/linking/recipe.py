"""Linking v2: find the passages that address each question.

1. Explicit: an answer passage numbered for the question (`answer_numbers`) in a document of
   the same question set is linked with certainty (method "explicit", score 1).
2. Source: a question's footnote is a "source" link.
3. Reference: a passage that cites a paper the question cites (`references`).
4. Lexical: candidates come from the GIN-indexed `dutch` search vector (never a scan): the
   question's terms OR-ed. Candidates are re-scored in Python on weighted term coverage:
   - the question genre's own phrases ("Bent u bekend met", "Zo nee, waarom niet?") are
     removed before any term is taken;
   - terms are `dutch` stems of words and of the parts of compounds (split with the wordfreq
     Dutch frequency list: "detectieapparatuur" → detectie + apparatuur);
   - a term weighs more the rarer it is in Dutch (wordfreq Zipf frequency) and in the target
     document (inverse passage frequency); names and acronyms (Nuctech, TNO) weigh extra;
   - a passage's section heading counts as context at half weight;
   - terms the set's title and other questions share (the set's topic) weigh less than what
     this question alone asks;
   - a passage goes to the question of its set that it fits best (within `mutual_tolerance`):
     a paragraph on procurement answers the procurement question, not every question that
     names the supplier.
   A suggestion needs a score of `min_score`; at most `suggestions_per_question` per
   document; a question nothing reaches gets no suggestion. Figures per choice: README,
   "Linking". Every threshold and switch is a field of `LinkingConfig` (`config`).
5. A letter that declares it answers question sets (`replies`) is aligned with those sets'
   questions in their order instead (`reply_suggestions`).
6. Withdraw: untouched suggestions the ranking no longer makes are deleted (`store`).

Curation is never overwritten: confirmed, rejected and manual links stay exactly as they
are; only machine suggestions nobody touched are re-scored or withdrawn.
"""

from django.db import transaction
from django.db.models import QuerySet

from documents.models import Document, Passage
from kamervragen.linking.candidates import (
    answer_passages,
    candidate_passages,
    document_passages,
    questions_for,
    reference_candidates,
)
from kamervragen.linking.config import DEFAULT, LinkingConfig
from kamervragen.linking.explicit import explicit_links, source_links
from kamervragen.linking.references import references_to_document, shared_reference_links
from kamervragen.linking.replies import (
    declared_question_sets,
    reply_suggestions,
    replying_documents,
)
from kamervragen.linking.scoring import PassageScorer, rank_passages
from kamervragen.linking.store import suggestion_store, suggestions_withdraw_stale
from kamervragen.linking.terms import QuestionTerms, questions_terms_by_set
from kamervragen.models import Question, QuestionSet


@transaction.atomic
def links_suggest_for_questions(
    questions: QuerySet[Question], *, config: LinkingConfig = DEFAULT
) -> int:
    """Links these questions to explicit answers, their sources and matching passages.

    Letters that declare they answer one of these questions' sets are linked again as a
    whole (`links_suggest_for_document`): their paragraphs are aligned with every set they
    answer at once.
    """
    made = 0
    questions = list(questions)
    set_terms = questions_terms_by_set((q.question_set_id for q in questions), config)
    replying = {
        document.pk: document
        for question_set in QuestionSet.objects.filter(pk__in=set_terms)
        for document in replying_documents(question_set, config)
    }
    for question in questions:
        made += explicit_links(question, answer_passages(question))
        made += source_links(question)
        made += shared_reference_links(question, reference_candidates(), config)
        made += _suggest(
            question,
            candidate_passages().exclude(document_id__in=replying),
            set_terms=set_terms[question.question_set_id],
            config=config,
        )[0]
    for document in replying.values():
        made += links_suggest_for_document(document, config=config)
    return made


@transaction.atomic
def links_suggest_for_document(document: Document, *, config: LinkingConfig = DEFAULT) -> int:
    """Links this document's passages to the questions they answer or address."""
    passages = document_passages(document)
    made = 0
    for question in Question.objects.filter(question_set__documents=document):
        made += explicit_links(question, passages.filter(role=Passage.Role.ANSWER))
    ordered = list(passages.order_by("order"))
    declared = (
        declared_question_sets(ordered, config) if document.kind != Document.Kind.ANSWERS else {}
    )
    questions = questions_for(passages, config)
    known = {q.pk for q in questions}
    answered = list(Question.objects.filter(question_set_id__in=declared))
    questions += [q for q in answered if q.pk not in known]
    if len(ordered) > config.reply_max_passages_per_question * len(answered) + len(declared):
        declared = {}  # a long letter that also takes up some questions: ranked, not aligned
    set_terms = questions_terms_by_set((q.question_set_id for q in questions), config)
    scorer = PassageScorer(ordered, config)
    replies = reply_suggestions(
        {
            (set_id, n): set_terms[set_id][n]
            for set_id in declared
            for n in sorted(set_terms[set_id])
        },
        ordered,
        {p.pk for p in declared.values()},
        scorer,
        config,
    )
    kept = set()
    for question in questions:
        if question.question_set_id in declared:
            suggested = replies.get((question.question_set_id, question.number), [])
            made += sum(suggestion_store(question, s) for s in suggested)
            kept.update((question.pk, s.passage.pk) for s in suggested)
            continue
        created, suggested_ids = _suggest(
            question,
            passages,
            withdraw=False,
            set_terms=set_terms[question.question_set_id],
            scorer=scorer,
            config=config,
        )
        made += created
        kept.update((question.pk, pk) for pk in suggested_ids)
    suggestions_withdraw_stale([q.pk for q in questions], passages, kept)
    made += references_to_document(document, questions, config)
    return made


def _suggest(
    question: Question,
    candidates: QuerySet[Passage],
    *,
    withdraw: bool = True,
    set_terms: dict[int, QuestionTerms],
    scorer: PassageScorer | None = None,
    config: LinkingConfig,
) -> tuple[int, list[int]]:
    """Stores the lexical suggestions; withdraws untouched ones the ranking no longer makes.

    Returns the number of links created and the ids of the passages suggested. With
    withdraw=False the caller withdraws stale ones itself, for many questions at once.
    """
    ranked = rank_passages(question, candidates, set_terms=set_terms, scorer=scorer, config=config)
    created = sum(suggestion_store(question, s) for s in ranked)
    suggested = [s.passage.pk for s in ranked]
    if withdraw:
        suggestions_withdraw_stale(
            [question.pk], candidates, {(question.pk, pk) for pk in suggested}
        )
    return created, suggested
