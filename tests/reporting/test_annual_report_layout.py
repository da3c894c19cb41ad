"""The annual report's PDF as the DGD desk officer reads it: nothing outside the page, no lost row.

WeasyPrint lays the report out in boxes; every text and image box of every page must
lie inside the page's content area (a too-wide table would push its last column out),
and no page may hold a lone row that slid off the previous one.
"""

import pytest
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import MarginBox, ReplacedBox, TableCellBox, TextBox

from grants.models import Programme
from reporting.annual.dataset import annual_dataset
from reporting.annual.render import render_html

pytestmark = pytest.mark.django_db

# Half a point of slack for rounding in the layout engine.
SLACK = 0.5
# A page of the report (cover and contents aside) holds a chart or at least this many lines of text.
MIN_LINES = 4


def _boxes(box):
    if isinstance(box, MarginBox):
        return
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _content_area(page):
    box = page._page_box
    left, top = box.content_box_x(), box.content_box_y()
    return left, top, left + box.width, top + box.height


def _outside(page):
    left, top, right, bottom = _content_area(page)
    for box in _boxes(page._page_box):
        if not isinstance(box, (TextBox, ReplacedBox)) or not box.width:
            continue
        x, y = box.position_x, box.position_y
        if x < left - SLACK or x + box.width > right + SLACK or y < top - SLACK or y + box.height > bottom + SLACK:
            yield getattr(box, "text", "<image>"), round(x + box.width - right, 1)


def _spilling_cells(page):
    """Text that runs out of its table cell into the next one (a column too narrow for a figure)."""
    for cell in _boxes(page._page_box):
        if not isinstance(cell, TableCellBox):
            continue
        right = cell.position_x + cell.border_width()
        for box in _boxes(cell):
            if isinstance(box, TextBox) and box.position_x + box.width > right + SLACK:
                yield box.text


def _is_sparse(page):
    """A page with no chart and fewer than MIN_LINES lines of text: what a row left behind makes."""
    boxes = list(_boxes(page._page_box))
    if any(isinstance(box, ReplacedBox) for box in boxes):
        return False
    return len({round(box.position_y) for box in boxes if isinstance(box, TextBox) and box.text.strip()}) < MIN_LINES


@pytest.fixture(scope="module")
def documents(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        globe = Programme.objects.get(code="GLOBE-2022-2026")
        return {
            language: HTML(string=render_html(annual_dataset(globe, 2025, language))).render()
            for language in ("nl", "fr", "es")
        }


@pytest.mark.parametrize("language", ["nl", "fr", "es"])
def test_no_text_or_chart_of_the_pdf_lies_outside_the_page_content_area(documents, language):
    document = documents[language]

    outside = [
        (number, text, overflow) for number, page in enumerate(document.pages, 1) for text, overflow in _outside(page)
    ]

    assert outside == []


@pytest.mark.parametrize("language", ["nl", "fr", "es"])
def test_no_figure_of_the_pdf_runs_out_of_its_table_cell(documents, language):
    document = documents[language]

    spilling = [(number, text) for number, page in enumerate(document.pages, 1) for text in _spilling_cells(page)]

    assert spilling == []


@pytest.mark.parametrize("language", ["nl", "fr", "es"])
def test_no_page_of_the_pdf_holds_only_a_stray_row(documents, language):
    document = documents[language]

    sparse = [number for number, page in enumerate(document.pages[2:], 3) if _is_sparse(page)]

    assert sparse == []


def test_the_layout_check_finds_a_table_wider_than_the_page():
    cells = "".join(f"<td style='white-space: nowrap'>EUR 1.445.452,{n:02d}</td>" for n in range(12))
    document = HTML(string=f"<table><tr>{cells}</tr></table>").render()

    assert list(_outside(document.pages[0]))
