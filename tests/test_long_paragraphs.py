"""A text with no blank lines is no single paragraph: spaCy refuses a text over 1,000,000
characters (the whole document then failed with "Onverwachte fout"), and a passage that long
cannot be read."""

from documents.pipeline import MAX_PARAGRAPH_CHARACTERS, structure_document

SENTENCE = "De minister beantwoordt de vragen over de kinderopvang in de gemeente."


def _words(structure) -> list[str]:
    return " ".join(passage.text for passage in structure.passages).split()


def test_a_text_file_without_blank_lines_is_split_into_readable_passages():
    lines = [f"{SENTENCE} Regel {n}." for n in range(16_000)]  # ~1.3 million characters
    structure = structure_document("\n".join(lines).encode())

    assert all(len(p.text) <= MAX_PARAGRAPH_CHARACTERS for p in structure.passages)
    assert _words(structure) == " ".join(lines).split()  # nothing lost, nothing doubled


def test_one_endless_line_is_split_between_words():
    words = [f"{SENTENCE} Zin {n}." for n in range(16_000)]
    structure = structure_document(" ".join(words).encode())

    assert all(len(p.text) <= MAX_PARAGRAPH_CHARACTERS for p in structure.passages)
    assert _words(structure) == " ".join(words).split()
