"""Links through a shared citation: a passage that cites a paper the question cites.

The same Kamerstuk or motion (dossier and number), Aanhangsel number, zaak number or web
address, in the text or in a footnote, on either side.
"""

import re
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from documents.models import Document, Reference
from documents.references import find_references
from documents.structure import ReferenceItem
from kamervragen.linking.candidates import is_linkable
from kamervragen.linking.config import DEFAULT, LinkingConfig
from kamervragen.linking.store import link_store
from kamervragen.models import Link, Question


def reference_keys(ref: Reference | ReferenceItem) -> set:
    """What makes two references cite the same paper: dossier and number, Aanhangsel
    number, zaak number or web address. Dated letters are too vague to count."""
    if ref.kind in {Reference.Kind.KAMERSTUK, Reference.Kind.MOTION} and ref.dossier:
        return {("kamerstuk", re.sub(r"\s+", "", ref.dossier).upper(), n) for n in ref.numbers}
    if ref.kind == Reference.Kind.AANHANGSEL:
        return {("aanhangsel", n) for n in ref.numbers}
    if ref.kind == Reference.Kind.ZAAK:
        return {("zaak", ref.text.upper())}
    if ref.kind == Reference.Kind.URL and ref.url:
        url = ref.url.lower().rstrip("/")
        return {("url", url.removeprefix("https://").removeprefix("http://"))}
    return set()


def question_references(question: Question) -> dict[tuple, str]:
    """Key → reference text for what the question cites, in its text and its footnotes."""
    keys: dict[tuple, str] = {}
    footnotes = Reference.objects.filter(footnote__questions=question)
    cited: list[Reference | ReferenceItem] = [*find_references(question.text), *footnotes]
    for ref in cited:
        for key in reference_keys(ref):
            keys.setdefault(key, ref.text)
    return keys


def _matching(references: QuerySet[Reference], keys: Iterable[tuple]) -> QuerySet[Reference]:
    condition = Q(pk__in=[])
    for key in keys:
        if key[0] == "kamerstuk":
            condition |= Q(
                kind__in=[Reference.Kind.KAMERSTUK, Reference.Kind.MOTION],
                numbers__contains=[key[2]],
            )
        elif key[0] == "aanhangsel":
            condition |= Q(kind=Reference.Kind.AANHANGSEL, numbers__contains=[key[1]])
        elif key[0] == "zaak":
            condition |= Q(kind=Reference.Kind.ZAAK, text__iexact=key[1])
        elif key[0] == "url":
            condition |= Q(kind=Reference.Kind.URL, url__icontains=key[1])
    return references.filter(condition).select_related("passage", "footnote__passage")


def shared_reference_links(
    question: Question, references: QuerySet[Reference], config: LinkingConfig = DEFAULT
) -> int:
    """Links the question to passages that cite a paper it cites (carried by the passage or
    by a footnote of the passage): method "reference", the shared citation as evidence."""
    keys = question_references(question)
    if not keys:
        return 0
    made = 0
    for ref in _matching(references, keys):
        shared = keys.keys() & reference_keys(ref)
        passage = ref.passage or (ref.footnote.passage if ref.footnote else None)
        if not shared or passage is None or not is_linkable(passage):
            continue
        evidence = {
            "reference": keys[min(shared)],
            "resolved_document_id": ref.resolved_document_id,
        }
        made += link_store(
            question, Link.Method.REFERENCE, config.reference_score, evidence, passage=passage
        )
    return made


def references_to_document(
    document: Document, questions: list[Question], config: LinkingConfig = DEFAULT
) -> int:
    """A new document's citations, matched with those of the questions: every question whose
    footnote cites a paper the document cites, and the lexical candidates whose own text
    cites one."""
    references = Reference.objects.filter(document=document)
    keys = {key for ref in references for key in reference_keys(ref)}
    if not keys:
        return 0
    citing = _matching(Reference.objects.filter(footnote__questions__isnull=False), keys)
    sharing = {
        q.pk: q for q in Question.objects.filter(pk__in=citing.values("footnote__questions"))
    }
    for question in questions:
        if any(reference_keys(ref) & keys for ref in find_references(question.text)):
            sharing.setdefault(question.pk, question)
    return sum(
        shared_reference_links(question, references, config) for question in sharing.values()
    )
