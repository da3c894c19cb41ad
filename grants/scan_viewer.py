"""What the invoice page shows of a line's scans and proofs: their pages, and what was read on them.

Each page is a picture (grants.scan_pages) with the values the reading found drawn over it as
boxes placed in percentages of the page, so that they stay on their words at any zoom. Beside
the pictures a legend puts each value read (its text as printed and the reading's confidence)
next to the value the statement declares, with a mark saying whether they agree. A value the
SCAN rule found wrong is marked as the rule says; the others are compared here as the rule
compares them (the programme's tolerance on amounts, numbers without case or punctuation),
the supplier and addressee with the names the line declares.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.formatting import format_date, format_money, format_percent
from grants.eligibility.rules.beneficiary import as_words
from grants.eligibility.rules.scan import ScanRule, same_currency, same_text, total_within
from grants.invoice_reading import InvoiceReading
from grants.models import AttachmentKind, ReadingStatus
from grants.ocr import DocumentUnreadable
from grants.reading_errors import FAILED, reading_error_text
from grants.scan_pages import page_sizes
from grants.tasks import draw_scan_pages_unless_queued

SHOWN_KINDS = (AttachmentKind.SCAN, AttachmentKind.PAYMENT_PROOF)
# The fields of a reading the page highlights, in the legend's order.
FIELDS = ("amount", "invoice_date", "invoice_number", "supplier", "addressee")
# A box's label stands right of it, on the page's margin or the blank beside a value, when the
# box ends before this share of the page's width; else above it (below, at the page's top edge,
# where above would be cut off). Above, it would cover the line of text over the value.
LABEL_RIGHT_UNTIL_PCT = Decimal(78)
LABEL_ROOM_PCT = Decimal("2.5")
AGREE, DIFFER, NOT_FOUND = "agree", "differ", "not-found"
# The SCAN rule's messages about a value read, by the field they are about.
RULE_MESSAGE_FIELDS = {
    ScanRule.AMOUNT_NOT_FOUND: "amount",
    ScanRule.AMOUNT_DIFFERS: "amount",
    ScanRule.CURRENCY_DIFFERS: "amount",
    ScanRule.DATE_NOT_FOUND: "invoice_date",
    ScanRule.DATE_DIFFERS: "invoice_date",
    ScanRule.NUMBER_NOT_FOUND: "invoice_number",
    ScanRule.NUMBER_DIFFERS: "invoice_number",
    ScanRule.ADDRESSEE: "addressee",
}


@dataclass(frozen=True)
class Box:
    field: str
    label: str
    text: str
    confidence: str
    left: str  # percent of the page's width, for SVG attributes
    top: str
    width: str
    height: str
    label_x: str  # where its label stands, and how far from there (SVG dx, dy)
    label_y: str
    label_dx: str
    label_dy: str


@dataclass(frozen=True)
class ShownPage:
    number: int
    url: str
    width: int
    height: int
    alt: str
    boxes: list


@dataclass(frozen=True)
class LegendRow:
    field: str
    label: str
    declared: str
    read: str
    confidence: str
    page: int | None
    mark: str
    mark_label: str


@dataclass
class ShownDocument:
    attachment: object
    title: str
    anchor: str
    pages: list = field(default_factory=list)
    problem: str = ""
    note: str = ""
    is_being_prepared: bool = False
    legend: list = field(default_factory=list)


def field_labels():
    return {
        # Translators: what was read on an invoice scan: its total amount.
        "amount": pgettext("read on an invoice", "Amount"),
        # Translators: what was read on an invoice scan: the invoice date.
        "invoice_date": pgettext("read on an invoice", "Date"),
        # Translators: what was read on an invoice scan: the invoice number.
        "invoice_number": pgettext("read on an invoice", "Number"),
        "supplier": pgettext("read on an invoice", "Supplier"),
        # Translators: what was read on an invoice scan: whom the invoice is made out to.
        "addressee": pgettext("read on an invoice", "Addressee"),
    }


def shown_documents(invoice, claim):
    """Return the line's scans, then its proofs of payment, as ShownDocuments for the invoice page.

    Uses the invoice's prefetched attachments and the pages already drawn: it never draws,
    which takes up to a minute for a long scan. A document whose pages are not drawn yet says
    they are being prepared, and the worker is asked to draw them (draw_scan_pages): one or
    two queries then, however many documents. A document that cannot be drawn keeps the
    reason, in the reader's language, as its problem.
    """
    attachments = [a for a in invoice.attachments.all() if a.kind in SHOWN_KINDS and a.file]
    attachments.sort(key=lambda a: SHOWN_KINDS.index(a.kind))
    labels = field_labels()
    scan_findings = [finding for finding in invoice.findings.all() if finding.rule_code == ScanRule.code]
    documents = [_shown(attachment, invoice, claim, labels, scan_findings) for attachment in attachments]
    undrawn = [document.attachment.pk for document in documents if document.is_being_prepared]
    if undrawn:
        draw_scan_pages_unless_queued(undrawn)
    return documents


def _shown(attachment, invoice, claim, labels, scan_findings):
    name = attachment.original_name or attachment.file.name.rsplit("/", 1)[-1]
    document = ShownDocument(
        attachment=attachment,
        title=_("%(kind)s %(name)s") % {"kind": attachment.get_kind_display(), "name": name},
        anchor=f"document-{attachment.pk}",
    )
    reading = None
    if attachment.reading_status in ReadingStatus.unfinished():
        document.note = _("Waiting to be read.")
    elif attachment.reading_status == ReadingStatus.FAILED:
        document.note = _("Could not be read: %(reason)s.") % {
            "reason": reading_error_text(attachment.reading_error) or reading_error_text(FAILED)
        }
    elif attachment.reading_status == ReadingStatus.READ and attachment.reading:
        reading = InvoiceReading.from_json(attachment.reading)
        document.legend = legend(
            invoice,
            reading,
            labels,
            tolerance_pct=claim.programme.scan_amount_tolerance_pct,
            scan_findings=scan_findings if attachment.kind == AttachmentKind.SCAN else (),
        )
    try:
        sizes = page_sizes(attachment)
    except DocumentUnreadable as error:
        document.problem = str(error)
        return document
    if sizes is None:
        document.is_being_prepared = True
        return document
    for number, size in enumerate(sizes, start=1):
        document.pages.append(
            ShownPage(
                number=number,
                url=reverse("grants:attachment-page", args=[claim.pk, attachment.pk, number]),
                width=size.width,
                height=size.height,
                alt=_("Page %(number)s of %(count)s of %(document)s")
                % {"number": number, "count": len(sizes), "document": document.title},
                boxes=boxes_on_page(reading, number, size, labels) if reading else [],
            )
        )
    return document


def boxes_on_page(reading, number, size, labels):
    """The boxes of the values read on page `number`, in percent of the page the reading measured."""
    boxes = []
    for name in FIELDS:
        value = getattr(reading, name)
        if value is None or value.page != number:
            continue
        x0, y0, x1, y1 = value.box
        left, top = _percent(x0, size.read_width), _percent(y0, size.read_height)
        right, bottom = _percent(x1, size.read_width), _percent(y1, size.read_height)
        label = _label_place(left, top, right, bottom)
        boxes.append(
            Box(
                field=name,
                label=labels[name],
                text=value.text,
                confidence=_confidence(value.confidence),
                left=_css_percent(left),
                top=_css_percent(top),
                width=_css_percent(max(Decimal(0), right - left)),
                height=_css_percent(max(Decimal(0), bottom - top)),
                label_x=_css_percent(label[0]),
                label_y=_css_percent(label[1]),
                label_dx=label[2],
                label_dy=label[3],
            )
        )
    return boxes


def _label_place(left, top, right, bottom):
    if right < LABEL_RIGHT_UNTIL_PCT:
        return right, (top + bottom) / 2, "0.4em", "0.35em"
    if top < LABEL_ROOM_PCT:
        return left, bottom, "0", "1.1em"
    return left, top, "0", "-0.35em"


def legend(invoice, reading, labels, *, tolerance_pct, scan_findings=()):
    """A LegendRow per field: what the line declares, what was read, and whether they agree.

    A field the SCAN rule found wrong (one of `scan_findings`, the line's SCAN findings) is
    marked as the rule says; the others are compared here as the rule compares them.
    """
    declared = {
        "amount": format_money(invoice.amount, invoice.currency) if invoice.amount is not None else "",
        "invoice_date": format_date(invoice.invoice_date) if invoice.invoice_date else "",
        "invoice_number": invoice.invoice_number,
        "supplier": invoice.supplier,
        "addressee": invoice.addressed_to,
    }
    marks = {
        "amount": _mark(reading.amount, invoice.amount, lambda read: _same_amount(invoice, reading, tolerance_pct)),
        "invoice_date": _mark(reading.invoice_date, invoice.invoice_date, lambda read: read == invoice.invoice_date),
        "invoice_number": _mark(
            reading.invoice_number,
            invoice.invoice_number,
            lambda read: same_text(read) == same_text(invoice.invoice_number),
        ),
        "supplier": _mark(reading.supplier, invoice.supplier, lambda read: _same_name(read, invoice.supplier)),
        "addressee": _mark(
            reading.addressee, invoice.addressed_to, lambda read: _same_name(read, invoice.addressed_to)
        ),
    }
    for finding in scan_findings:
        name = RULE_MESSAGE_FIELDS.get(finding.message)
        if name is not None:
            marks[name] = NOT_FOUND if getattr(reading, name) is None else DIFFER
    mark_labels = {AGREE: _("agrees"), DIFFER: _("differs"), NOT_FOUND: _("not found"), "": ""}
    rows = []
    for name in FIELDS:
        value = getattr(reading, name)
        read = value.text if value is not None else ""
        if name == "amount" and value is not None and reading.currency is not None:
            read = _("%(amount)s (%(currency)s)") % {"amount": read, "currency": reading.currency.value}
        rows.append(
            LegendRow(
                field=name,
                label=labels[name],
                declared=declared[name] or "—",
                read=read or "—",
                confidence=_confidence(value.confidence) if value is not None else "",
                page=value.page if value is not None else None,
                mark=marks[name],
                mark_label=mark_labels[marks[name]],
            )
        )
    return rows


def _same_amount(invoice, reading, tolerance_pct):
    currency = reading.currency.value if reading.currency is not None else None
    return same_currency(currency, invoice.currency) and total_within(
        reading.amount.value, invoice.amount, tolerance_pct
    )


def _mark(value, declared, agrees):
    if value is None:
        return NOT_FOUND
    if declared is None or declared == "":
        return ""
    return AGREE if agrees(value.value) else DIFFER


def _same_name(read, declared):
    """One name inside the other as whole words, without case, accents or punctuation."""
    read_words, declared_words = as_words(str(read)), as_words(declared)
    return read_words.strip() != "" and (read_words in declared_words or declared_words in read_words)


def _percent(edge, whole):
    return min(Decimal(100), max(Decimal(0), Decimal(edge) * 100 / Decimal(whole)))


def _css_percent(value):
    # SVG attributes want a dot as the decimal mark whatever the reader's language.
    return f"{value.quantize(Decimal('0.001'))}%"


def _confidence(confidence):
    return format_percent(round(confidence), decimals=0)
