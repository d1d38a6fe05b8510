"""Linking v2: find the passages that address each question.

Rules where the answer is certain; a learned, calibrated model for everything else.

1. Explicit: an answer passage numbered for the question (`answer_numbers`) in a document of
   the same question set is linked with certainty (method "explicit", score 1), and so is
   the answer it refers to ("Zie het antwoord op vraag 3"), also in another paper named by
   its Aanhangsel or Kamerstuk number (`referred`), whichever is uploaded first.
2. Source: a question's footnote is a "source" link.
3. Reference: a passage that cites a paper the question cites (`references`).
4. Model ("lexical"): candidates come from the GIN-indexed `dutch` search vectors (never a
   scan): a question's terms OR-ed, or a new document's rarest words against the
   questions. Each question's set is then scored against every passage of each document
   found (`features`: term coverage, BM25, rare terms, the passage's rank in its document,
   the question's rank in its set, a reply letter's declaration and order alignment, echo
   phrases, …) and the model (`model`, trained by `manage.py train-linking`) turns the
   features into the probability that the passage answers the question. Per question and
   document, up to `suggestions_per_question` passages at or above the model's threshold
   are suggested, with that probability as score; the next best down to the model's floor
   are stored as candidates ("Mogelijk ook relevant", `LinkCandidate`). An answer
   document's header is never shown, and beside a numbered answer ("Antwoord 1") nothing of
   its document is suggested for that question (`scored_choose`). A passage may answer
   several questions. Every number is a field of `LinkingConfig` (`config`) or of the model.
5. Withdraw: untouched suggestions the model no longer makes are deleted (`store`).

Curation is never overwritten: confirmed, rejected and manual links stay exactly as they
are; only machine suggestions nobody touched are re-scored or withdrawn.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db import transaction
from django.db.models import QuerySet

from documents.models import Document, Passage
from kamervragen.linking.answer_runs import answer_run_set
from kamervragen.linking.candidates import (
    answer_passages,
    candidate_passages,
    document_passages,
    document_weights,
    passages_for,
    questions_for,
    reference_candidates,
    related_questions,
    with_whole_sets,
)
from kamervragen.linking.config import DEFAULT, LinkingConfig
from kamervragen.linking.explicit import explicit_links, explicitly_answered, source_links
from kamervragen.linking.feature_names import FEATURE_NAMES
from kamervragen.linking.features import (
    DocumentContext,
    Pair,
    block_pairs,
    blocks_pairs,
    passage_reference_keys,
    question_reference_keys,
)
from kamervragen.linking.model import LinkModel, link_model
from kamervragen.linking.quotes import only_asks, quoted_answers
from kamervragen.linking.references import references_to_document, shared_reference_links
from kamervragen.linking.referred import referring_answer_links
from kamervragen.linking.replies import (
    declared_question_sets,
    is_about_its_own_answers,
    reply_alignment,
    replying_documents,
)
from kamervragen.linking.scoring import UNREAD, PassageScorer
from kamervragen.linking.stages import stage
from kamervragen.linking.store import (
    candidates_replace,
    link_store,
    suggestion_store,
    suggestions_withdraw_stale,
)
from kamervragen.linking.terms import questions_terms_by_set
from kamervragen.models import Link, LinkCandidate, Question, QuestionSet

RARE_COVERAGE = FEATURE_NAMES.index("rare_coverage")
OWN_SET_DOCUMENT = FEATURE_NAMES.index("own_set_document")
DECLARED_SET = FEATURE_NAMES.index("declared_set")
ANSWER, INTRODUCTION = Passage.Role.ANSWER, Passage.Role.INTRODUCTION


@transaction.atomic
def links_suggest_for_questions(
    questions: QuerySet[Question],
    *,
    config: LinkingConfig = DEFAULT,
    model: LinkModel | None = None,
) -> int:
    """Links these questions to explicit answers, their sources and the passages the model
    finds.

    Letters that declare they answer one of these questions' sets are linked again as a
    whole (`links_suggest_for_document`): their paragraphs are aligned with every set they
    answer at once.
    """
    model = model or link_model()
    made = 0
    asked = list(questions)
    with stage("features"):
        set_terms = questions_terms_by_set((q.question_set_id for q in asked), config)
    with stage("rules"):
        replying = {
            document.pk: document
            for question_set in QuestionSet.objects.filter(pk__in=set_terms)
            for document in replying_documents(question_set, config)
        }
    candidates = candidate_passages().exclude(document_id__in=replying)
    by_set: dict[int, list[Question]] = defaultdict(list)
    with stage("rules"):
        answers = {set_id: answer_passages(set_id) for set_id in set_terms}
        for question in asked:
            made += explicit_links(question, answers[question.question_set_id])
            made += source_links(question)
            made += shared_reference_links(question, reference_candidates(), config)
            by_set[question.question_set_id].append(question)
    for set_id, members in by_set.items():
        terms = set_terms[set_id]
        with stage("candidates"):
            retrieved = {
                q.pk: passages_for(terms[q.number], candidates, config)
                for q in members
                if q.number in terms and terms[q.number].weights
            }
        best: dict[int, float] = {}
        for found in retrieved.values():
            for passage in found:
                rank = getattr(passage, "rank", 0.0)  # ts_rank, annotated by passages_for
                best[passage.document_id] = max(best.get(passage.document_id, 0.0), rank)
        kept = set(sorted(best, key=lambda pk: (-best[pk], pk))[: config.documents_per_set])
        with stage("features"):
            scorer = PassageScorer(
                [p for found in retrieved.values() for p in found if p.document_id in kept],
                config,
            )
            own = set(Document.objects.filter(question_sets=set_id).values_list("pk", flat=True))
            references = (
                question_reference_keys(members),
                passage_reference_keys(scorer.documents),
            )
            # Every question of the set against every document any of them retrieved, as
            # training (`document_features`) sees a target: a letter that answers one
            # question may be found through another's words.
            pairs = []
            for document_id, passages in scorer.documents.items():
                context = DocumentContext(
                    own_sets=frozenset({set_id} if document_id in own else ())
                )
                pairs += block_pairs(members, terms, passages, scorer, context, references, config)
        made += _store([pairs], [q.pk for q in members], candidates, model, config)
    for document in replying.values():
        made += links_suggest_for_document(document, config=config, model=model)
    return made


@transaction.atomic
def links_suggest_for_document(
    document: Document, *, config: LinkingConfig = DEFAULT, model: LinkModel | None = None
) -> int:
    """Links this document's passages to the questions they answer or address."""
    model = model or link_model()
    passages = document_passages(document)
    made = 0
    with stage("rules"):
        answers = passages.filter(role=Passage.Role.ANSWER)
        for question in Question.objects.filter(question_set__documents=document):
            made += explicit_links(question, answers.filter(answer_run__in=[0, 1]))
        for run in range(1, len(document.metadata.get("answer_runs") or []) + 1):
            answered = answer_run_set(document, run)  # each set's numbering, if certain
            for question in answered.questions.all() if answered else []:
                made += explicit_links(question, answers.filter(answer_run=run))
        made += referring_answer_links(document)
    ordered = list(passages.defer(*UNREAD).order_by("order"))
    with stage("candidates"):
        weights = document_weights(ordered, config)
        questions = with_whole_sets(questions_for(weights, config), config)
        related = related_questions(weights, questions, config)
    with stage("features"):
        declared = _declared(document, ordered, config)
        blocks, questions = document_feature_blocks(
            document, ordered, [*questions, *related], config, declared
        )
    made += _store(blocks, [q.pk for q in questions], passages, model, config)
    with stage("rules"):
        made += references_to_document(document, questions, config)
    return made


def document_features(
    document: Document,
    ordered: list[Passage],
    questions: list[Question],
    config: LinkingConfig = DEFAULT,
    declared: dict | None = None,
) -> tuple[list[Pair], list[Question]]:
    """The features of these questions, and of every question of the sets the document
    declares it answers, against the document's passages (`ordered`: all of them, or all
    linkable ones, in order; the linkable ones are scored); and those questions.

    The one place a document's context is read: linking and training (`train-linking`) both
    compute features here, so the model sees in training what it sees at run time.
    """
    blocks, questions = document_feature_blocks(document, ordered, questions, config, declared)
    return [pair for block in blocks for pair in block], questions


def document_feature_blocks(
    document: Document,
    ordered: list[Passage],
    questions: list[Question],
    config: LinkingConfig = DEFAULT,
    declared: dict | None = None,
) -> tuple[Iterator[list[Pair]], list[Question]]:
    """`document_features`, one question set's pairs at a time: linking keeps only what
    it chooses of each, so a 2,000-page letter's million pairs are never all held at once."""
    if declared is None:  # `_declared`, unless the caller has it already
        declared = _declared(document, ordered, config)
    known = {q.pk for q in questions}
    answered = list(Question.objects.filter(question_set_id__in=declared))
    questions = [*questions, *(q for q in answered if q.pk not in known)]
    aligned_sets = declared
    if len(ordered) > config.reply_max_passages_per_question * len(answered) + len(declared):
        aligned_sets = {}  # a long letter that also takes up some questions: not aligned
    set_terms = questions_terms_by_set((q.question_set_id for q in questions), config)
    scorer = PassageScorer(ordered, config, whole=True)  # not loaded again
    aligned = reply_alignment(
        {
            (set_id, n): set_terms[set_id][n]
            for set_id in aligned_sets
            for n in sorted(set_terms[set_id])
        },
        ordered,
        {p.pk for p in declared.values()},
        scorer,
        config,
    )
    context = DocumentContext(
        declared=frozenset(declared),
        aligned=aligned,
        own_sets=frozenset(
            QuestionSet.objects.filter(documents=document).values_list("pk", flat=True)
        ),
    )
    references = (question_reference_keys(questions), passage_reference_keys([document.pk]))
    by_set: dict[int, list[Question]] = defaultdict(list)
    for question in questions:
        by_set[question.question_set_id].append(question)
    passages = scorer.documents.get(document.pk, [])
    if passages and questions:  # fitting the n-grams of a long document costs ~150 KB a page
        scorer.char_cosines([q.text for q in questions], document.pk)  # one transform for all
    sets = [(members, set_terms[set_id]) for set_id, members in by_set.items()]

    def blocks() -> Iterator[list[Pair]]:
        for chunk in _chunks(sets, len(passages), config.pairs_per_block):
            with stage("features"):
                block = blocks_pairs(
                    [(piece, terms) for piece, terms, _ in chunk],
                    passages,
                    scorer,
                    context,
                    references,
                    config,
                    peers=[whole for _, _, whole in chunk],
                )
            yield block
            del block  # not held while the next is computed

    return blocks(), questions


def _chunks(
    sets: list[tuple[list[Question], dict]], passages: int, budget: int
) -> Iterator[list[tuple[list[Question], dict, list[Question]]]]:
    """The question sets in runs whose pairs with `passages` passages stay within `budget`
    (questions, terms, the whole set's questions): all together for a letter, a few at a
    time for a 2,000-page report, whose pairs would otherwise be held by the million. A set
    over the budget alone goes question by question; its ranks are still taken among the
    whole set's questions, so every figure is the one of the set scored whole."""
    items = [
        (piece, terms, questions)
        for questions, terms in sets
        for piece in (
            [[question] for question in questions]
            if len(questions) * passages > budget
            else [questions]
        )
    ]
    chunk: list[tuple[list[Question], dict, list[Question]]] = []
    size = 0
    for item in items:
        pairs = len(item[0]) * passages
        if chunk and size + pairs > budget:
            yield chunk
            chunk, size = [], 0
        chunk.append(item)
        size += pairs
    if chunk:
        yield chunk


def _declared(document: Document, ordered: list[Passage], config: LinkingConfig) -> dict:
    """The question sets a letter says it answers (an answer document declares none)."""
    if document.kind == Document.Kind.ANSWERS:
        return {}
    return declared_question_sets(ordered, config)


def pairs_choose(
    pairs: list[Pair],
    model: LinkModel,
    config: LinkingConfig = DEFAULT,
    answered: frozenset[tuple[int, int]] = frozenset(),
    reprints: frozenset[int] = frozenset(),
) -> tuple[list[tuple[Pair, float]], list[tuple[Pair, float]]]:
    """The suggestions and the candidates among these pairs, each with its probability."""
    threshold = model.threshold if config.threshold is None else config.threshold
    probabilities = model.probabilities([pair.values for pair in pairs])
    scored = list(zip(pairs, probabilities, strict=True))
    floor = min(model.floor, threshold)
    return scored_choose(scored, threshold, floor, config, answered, reprints)


def scored_choose(
    scored: list[tuple[Pair, float]],
    threshold: float,
    floor: float,
    config: LinkingConfig,
    answered: frozenset[tuple[int, int]] = frozenset(),
    reprints: frozenset[int] = frozenset(),
) -> tuple[list[tuple[Pair, float]], list[tuple[Pair, float]]]:
    """Per question and document the most probable passages: up to
    `suggestions_per_question` at or above the threshold, then up to
    `candidates_per_document` more at or above the floor.

    Never shown, though scored like every passage (so the features' ranks are those the
    model was trained on): an answer document's header before its numbered answers ("Vragen
    van het lid … over het bericht dat …", "Antwoord van Minister …", role introduction),
    which restates the questions and names who answers (a document a clerk made an answer
    document without numbered answers is all introduction, and all shown); a letter's
    reprint of a question (`reprints`, passage ids, from `quotes`) and any passage that only
    asks (`quotes.only_asks`: another set's question an e-mail repeats); and, for a question about
    the answering of its own set ("Kunt u deze vragen voor het debat beantwoorden?"),
    anything of a document not of its set. Where the document itself says which passage
    answers the question (`answered`: (question id, document id) of explicit links,
    "Antwoord 1"), the model suggests nothing beside it; its other passages may still be
    candidates."""
    groups: dict[tuple[int, int], list[tuple[Pair, float]]] = defaultdict(list)
    answering = {pair.passage.document_id for pair, _ in scored if pair.passage.role == ANSWER}
    questions = {pair.question.pk: pair.question for pair, _ in scored}
    about_answering = {pk for pk, q in questions.items() if is_about_its_own_answers(q.text)}
    for pair, probability in scored:
        if (
            pair.passage.pk in reprints
            or (pair.passage.role == INTRODUCTION and pair.passage.document_id in answering)
            or only_asks(pair.passage.text)
        ):
            continue
        if pair.question.pk in about_answering and not (
            pair.values[OWN_SET_DOCUMENT] or pair.values[DECLARED_SET]
        ):
            continue
        groups[(pair.question.pk, pair.passage.document_id)].append((pair, probability))
    suggested, candidates = [], []
    for key, group in groups.items():
        group.sort(key=lambda item: (-item[1], item[0].passage.order))
        limit = 0 if key in answered else config.suggestions_per_question
        chosen = [item for item in group if item[1] >= threshold][:limit]
        suggested += chosen
        rest = [item for item in group[len(chosen) :] if item[1] >= floor]
        candidates += candidates_order(group, rest, config)[: config.candidates_per_document]
    return suggested, candidates


def candidates_order(
    group: list[tuple[Pair, float]], rest: list[tuple[Pair, float]], config: LinkingConfig
) -> list[tuple[Pair, float]]:
    """`rest` (of `group`, one question's passages in one document, most probable first) in
    the order "Mogelijk ook relevant" shows them: reciprocal rank fusion of the passage's
    rank by probability and its rank by coverage of the question's rarest terms. Where the
    model misranks (an answer that shares one rare word with its question and little else),
    the rare-term rank still brings the answer up; on dev the fused top 3 held a grade-2
    passage for every answered question, against 0.898 by probability alone."""
    if len(rest) < 2:
        return rest
    k = config.candidate_fusion_k
    by_coverage = sorted(
        group, key=lambda item: (-item[0].values[RARE_COVERAGE], item[0].passage.order)
    )
    fused: dict[int, float] = defaultdict(float)
    for ranking in (group, by_coverage):
        for rank, (pair, _) in enumerate(ranking, start=1):
            fused[id(pair)] += 1 / (k + rank)
    return sorted(rest, key=lambda item: (-fused[id(item[0])], item[0].passage.order))


def _store(
    blocks: Iterable[list[Pair]],
    question_ids: list[int],
    scope: QuerySet[Passage],
    model: LinkModel,
    config: LinkingConfig,
) -> int:
    """Stores the model's suggestions and candidates for these questions on these passages;
    withdraws untouched suggestions it no longer makes. A block holds every passage of its
    questions' (question, document) groups: choosing block by block chooses what choosing
    among all pairs at once would."""
    suggested: list[tuple[Pair, float]] = []
    candidates: list[tuple[Pair, float]] = []
    made = 0
    answered = set(explicitly_answered(question_ids, scope))
    for block in blocks:
        with stage("rules"):
            quoted = quoted_answers(block)
            for question, passage in quoted.answers:
                evidence = {"quoted_question": question.number}
                made += link_store(question, Link.Method.EXPLICIT, 1.0, evidence, passage=passage)
                answered.add((question.pk, passage.document_id))
        with stage("model"):
            chosen, shown = pairs_choose(block, model, config, frozenset(answered), quoted.reprints)
        suggested += chosen
        candidates += shown
        del block  # the next block is computed without this one's pairs
    with stage("store"):
        for pair, probability in suggested:
            evidence = _evidence(pair, probability, model)
            made += suggestion_store(pair.question, pair.passage, probability, evidence)
        suggestions_withdraw_stale(
            question_ids, scope, {(p.question.pk, p.passage.pk) for p, _ in suggested}
        )
        candidates_replace(
            question_ids,
            scope,
            [
                LinkCandidate(
                    question=pair.question,
                    passage=pair.passage,
                    probability=round(probability, 4),
                    rank=rank,
                    evidence=_evidence(pair, probability, model),
                )
                for pair, probability, rank in _ranked(candidates)
            ],
        )
    return made


def _ranked(candidates: list[tuple[Pair, float]]) -> Iterator[tuple[Pair, float, int]]:
    """Each candidate with its place (1 = first) among its question's in its document."""
    places: dict[tuple[int, int], int] = defaultdict(int)
    for pair, probability in candidates:
        key = (pair.question.pk, pair.passage.document_id)
        places[key] += 1
        yield pair, probability, places[key]


def _evidence(pair: Pair, probability: float, model: LinkModel) -> dict:
    """The shared terms, the probability and the features that raised it most."""
    evidence: dict = {
        "terms": pair.shared,
        "probability": round(probability, 3),
        "features": model.evidence(pair.values),
    }
    if pair.reply:
        evidence["reply"] = pair.reply
    return evidence
