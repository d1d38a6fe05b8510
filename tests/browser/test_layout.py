"""No overlapping columns at the widths people use (1024–1920 px): every element inside a
column stays inside it, sibling boxes in a row never cover each other, nothing scrolls
sideways."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from documents.models import Document
from kamervragen.models import QuestionSet, SetDocument
from tests.conftest import SEED_LETTER_PDF

# For each container of side-by-side boxes: its visible children must not overlap, and
# every element inside a child must end within that child (a table wider than its column
# would cover the next one).
BOXES = """() => {
  const problems = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : "");
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const overlap = (a, b) =>
    a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const rows = ".columns, main tr, .top, .filters, .metadata";
  for (const container of document.querySelectorAll(rows)) {
    const kids = [...container.children].filter(visible);
    for (let i = 0; i < kids.length; i++) {
      for (let j = i + 1; j < kids.length; j++) {
        if (overlap(kids[i].getBoundingClientRect(), kids[j].getBoundingClientRect())) {
          problems.push(name(kids[i]) + " overlaps " + name(kids[j]) + " in " + name(container));
        }
      }
    }
  }
  for (const column of document.querySelectorAll(".columns > *")) {
    const edge = column.getBoundingClientRect().right + 1;
    for (const el of column.querySelectorAll("*")) {
      if (visible(el) && el.getBoundingClientRect().right > edge) {
        problems.push(name(el) + " sticks out of " + name(column));
        break;
      }
    }
  }
  if (document.documentElement.scrollWidth > window.innerWidth) {
    problems.push("the page scrolls sideways: " + document.documentElement.scrollWidth);
  }
  return problems;
}"""

LONG_TITLE = (
    "Vragen van het lid Van der Plas (BBB) aan de minister van Landbouw, Natuur en "
    "Voedselkwaliteit over de stikstofdepositieberekeningen rond Natura2000-gebieden en de "
    "gevolgen voor melkveehouderijbedrijven in de Gelderse Vallei en de Peel"
)


@pytest.fixture
def crowded(seeded):
    for number in range(3):
        QuestionSet.objects.create(zaak_number=f"2024Z0123{number}", title=LONG_TITLE)


@pytest.mark.parametrize("path", ["/", "/vragen/"])
def test_no_boxes_overlap_at_1366_by_768(crowded, policy_staff, log_in, page, shoot, path):
    log_in(policy_staff)
    for width, height in [(1366, 768), (1024, 768), (1920, 1080)]:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(path)
        assert page.evaluate(BOXES) == [], f"{path} at {width}×{height}"
        if width == 1366:
            shoot(f"layout-{path.strip('/') or 'dashboard'}-1366")


PHONE = {"width": 375, "height": 740}
# The longest ministry and a long member name widen a filter's <select> to its longest option.
LONG_MINISTRY = "Minister van Binnenlandse Zaken en Koninkrijksrelaties"


@pytest.fixture
def long_choices(seeded):
    QuestionSet.objects.create(
        zaak_number="2024Z01240",
        title=LONG_TITLE,
        addressed_to=[LONG_MINISTRY],
        submitters=[{"name": "Van der Plas-Van Nispen tot Sevenaer", "party": "BBB"}],
    )


@pytest.mark.parametrize(
    "path", ["/", "/vragen/", "/zoeken/?q=scanner", "/documenten/", "/vragen/te-laat/"]
)
def test_nothing_scrolls_sideways_on_a_375_px_phone(long_choices, clerk, log_in, page, path):
    log_in(clerk)
    page.set_viewport_size(PHONE)
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path


def test_the_just_uploaded_caption_reads_on_one_line_on_a_phone(seeded, clerk, log_in, page, shoot):
    log_in(clerk)
    page.set_viewport_size(PHONE)
    page.goto("/documenten/upload/")
    # The letter is in already: its row (a duplicate) appears without a worker.
    page.get_by_label("Bestanden").set_input_files(str(SEED_LETTER_PDF))
    page.get_by_role("button", name="Uploaden").click()
    caption = page.get_by_text("Zojuist geüpload", exact=True)
    expect(caption).to_be_visible()
    expect(page.locator("#upload-results tr")).to_have_count(1)
    # A text's client rects are its lines.
    lines = caption.evaluate(
        "el => { const r = document.createRange(); r.selectNodeContents(el);"
        " return r.getClientRects().length; }"
    )
    assert lines == 1, f"the caption takes {lines} lines"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot("upload-phone")


def test_a_finding_gets_a_line_of_its_own_below_the_status(
    transactional_db, clerk, log_in, page, tmp_path
):
    """'Geen vragen of antwoorden herkend; …' sat beside the status with a paragraph's
    margins, pushing 'Verwerkt' half a line down from the file name in its upload row; a
    longer finding wrapped below instead: two layouts for one kind of row."""
    note = tmp_path / "aantekening.txt"
    note.write_text("Een aantekening zonder vragen of antwoorden erin.\n", encoding="utf-8")
    call_command("ingest", str(note), "--sync")
    document = Document.objects.get(filename="aantekening.txt")
    log_in(clerk)
    page.goto(f"/documenten/{document.pk}/")
    status = page.locator(".document-status").first
    finding = status.locator(".findings")
    expect(finding).to_contain_text("Geen vragen of antwoorden herkend")
    label, box, line = (
        status.locator(".status").bounding_box(),
        status.bounding_box(),
        finding.bounding_box(),
    )
    assert label["y"] - box["y"] < 4, "the status is pushed down by the finding beside it"
    assert line["y"] >= label["y"] + label["height"], "the finding is not below the status"


def test_a_long_file_name_without_spaces_wraps_in_the_upload_and_document_lists(
    seeded, clerk, log_in, page, tmp_path
):
    """A file named as many systems name them (no spaces, 200 characters) widened the upload
    page's table, and the document lists, past the window: the page scrolled sideways."""
    long_name = tmp_path / ("Beantwoording_Kamervragen_" + "x" * 180 + ".pdf")
    long_name.write_bytes(SEED_LETTER_PDF.read_bytes())  # the letter again: no worker needed
    failed = Document.objects.create(
        filename=long_name.name.replace(".pdf", "-mislukt.pdf"), sha256="m" * 64, status="failed"
    )
    log_in(clerk)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/documenten/upload/")
    page.get_by_label("Bestanden").set_input_files(str(long_name))
    page.get_by_role("button", name="Uploaden").click()
    expect(page.locator("#upload-results tr")).to_have_count(1)
    assert page.evaluate(BOXES) == [], "upload page"
    for path in ["/", "/documenten/", f"/documenten/{failed.pk}/"]:
        page.goto(path)
        assert page.evaluate(BOXES) == [], path


# Each word of the element's text and whether it sits on one line (a word's client rects are
# its pieces: two rects is a word broken in two).
BROKEN_WORDS = """(el) => {
  const broken = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      if (range.getClientRects().length > 1) broken.push(match[0]);
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("path", ["/", "/documenten/", "/documenten/upload/"])
def test_a_document_status_is_never_broken_inside_a_word(
    transactional_db, clerk, log_in, page, path
):
    """Beside long titles the status column of the document tables shrank to a letter or
    two: "Verwerk|t" on two lines at 1366 px (the cell may break anywhere, for the long file
    names a duplicate's link can show)."""
    for number in range(3):
        document = Document.objects.create(
            filename=f"antwoorden-{number}.pdf",
            sha256=str(number).ljust(64, "0"),
            status="done",
            kind="answers",
            title=LONG_TITLE,
        )
        # Processed and part of a set: "Verwerkt" alone, as most rows read.
        question_set = QuestionSet.objects.create(zaak_number=f"2024Z0123{number}")
        SetDocument.objects.create(document=document, question_set=question_set)
    log_in(clerk)
    for width, height in [(1366, 768), (1024, 768)]:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(path)
        statuses = page.locator(".document-table .status")
        expect(statuses).to_have_count(3)
        for index in range(3):
            assert statuses.nth(index).evaluate(BROKEN_WORDS) == [], f"{path} at {width} px"
