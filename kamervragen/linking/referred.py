"""Answers given by pointing at an answer in another paper: "Zie antwoord op vraag 3
Oosenbrug en Bouwmeester (beiden PvdA), ingezonden 25 november 2016 (Aanhangsel Handelingen,
vergaderjaar 2016–2017, nr. 849)." The question so answered is linked to that paper's answer
3 as well (method "explicit", score 1).

Only when certain: the sentence names the question numbers and exactly one paper, by its
Aanhangsel number and session or its Kamerstuk dossier and number, and a document in the
database carries exactly those identifiers (every copy of that paper). Either upload order:
the referring answer's linking looks the paper up (`referred_answer_links`), and a new
document's linking finds the answers that refer to it (`referring_answer_links`).
"""

import operator
import re
from collections.abc import Iterable
from functools import reduce

from django.db.models import Q

from documents.answer_labels import referred_elsewhere
from documents.models import Document, Passage, Reference
from kamervragen.linking.candidates import linkable
from kamervragen.linking.store import link_store
from kamervragen.models import Link, Question

# "Aanhangsel Handelingen I": the Eerste Kamer numbers its answers apart; the database knows
# the Tweede Kamer's ("ah-tk-…"), so such a number is no certain match.
SENATE = re.compile(r"\bHandelingen\s+I\b")


def referred_answers(passage: Passage) -> list[tuple[tuple[int, ...], Reference, Q]]:
    """The answers in another paper this answer passage points to: their numbers, the
    reference naming the paper and its identifiers as a filter on documents, when the
    sentence names exactly one paper precisely."""
    found: list[tuple[tuple[int, ...], Reference, Q]] = []
    referring = referred_elsewhere(passage.text)
    if not referring:
        return found
    references = list(passage.references.all())
    for numbers, rest in referring:
        named = {(ref.kind, ref.text): ref for ref in references if ref.text in rest}
        if len(named) != 1 or not numbers:
            continue  # no paper, or two: which one holds the answers is not certain
        (reference,) = named.values()
        identifying = _identifying(reference)
        if identifying is not None:
            found.append((numbers, reference, identifying))
    return found


def _identifying(reference: Reference) -> Q | None:
    """The identifiers of the one paper the reference names, as a filter on documents."""
    if len(reference.numbers) != 1:
        return None
    number = str(reference.numbers[0])
    if reference.kind == Reference.Kind.AANHANGSEL:
        if not reference.session or SENATE.search(reference.text):
            return None
        return Q(identifiers__aanhangsel_number=number, identifiers__session=reference.session)
    if reference.kind == Reference.Kind.KAMERSTUK and reference.dossier:
        return Q(
            identifiers__kamerstuk_dossier=reference.dossier,
            identifiers__kamerstuk_number=number,
        )
    return None


def referred_answer_links(
    question: Question, own: Iterable[Passage], current: Document | None = None
) -> int:
    """Links the question to the answers in other papers that its own answers (`own`, the
    passages numbered for it) point to. `current`: the document being linked, not done yet
    but as good a target as a done one."""
    made = 0
    for passage in own:
        for numbers, reference, identifying in referred_answers(passage):
            finished = Q(status=Document.Status.DONE)
            if current is not None:
                finished |= Q(pk=current.pk)
            # A paper answering several sets numbers anew per set: "vraag 3" is not certain.
            documents = Document.objects.filter(identifying, finished).exclude(
                Q(pk=passage.document_id) | Q(metadata__has_key="answer_runs")
            )
            answers = linkable(
                Passage.objects.filter(
                    document__in=documents,
                    role=Passage.Role.ANSWER,
                    answer_numbers__overlap=list(numbers),
                )
            ).order_by("document_id", "order")
            for answer in answers:
                evidence = {
                    "answer_numbers": answer.answer_numbers,
                    "referred_from": question.number,
                    "referred_document": answer.document_id,
                    "reference": reference.text,
                }
                made += link_store(question, Link.Method.EXPLICIT, 1.0, evidence, passage=answer)
    return made


def referring_answer_links(document: Document) -> int:
    """The answers in done documents that point to this document's answers, linked to it:
    the referring answer was stored before this document came."""
    ids = document.identifiers or {}
    cites: list[Q] = []
    number = str(ids.get("aanhangsel_number") or "")
    if number.isdigit() and ids.get("session"):
        cites.append(
            Q(kind=Reference.Kind.AANHANGSEL, numbers=[int(number)], session=ids["session"])
        )
    number = str(ids.get("kamerstuk_number") or "")
    if number.isdigit() and ids.get("kamerstuk_dossier"):
        cites.append(
            Q(
                kind=Reference.Kind.KAMERSTUK,
                numbers=[int(number)],
                dossier=ids["kamerstuk_dossier"],
            )
        )
    if not cites:
        return 0  # nothing identifies the document: no answer can point to it for certain
    passages = linkable(
        Passage.objects.filter(
            references__in=Reference.objects.filter(reduce(operator.or_, cites)),
            role=Passage.Role.ANSWER,
            answer_run__in=[0, 1],  # a later run's numbers are another set's (`answer_runs`)
            document__status=Document.Status.DONE,
        )
        .exclude(document=document)
        .distinct()
    )
    made = 0
    for passage in passages:
        questions = Question.objects.filter(
            question_set__documents=passage.document_id, number__in=passage.answer_numbers
        )
        for question in questions:
            made += referred_answer_links(question, [passage], current=document)
    return made
