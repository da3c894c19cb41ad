"""What an invoice says, read from the words OCR found on its pages.

The total amount (and its currency), the invoice date, the invoice number, the supplier and the
addressee, each as a ReadValue: the value, the text as printed, the mean confidence of its words
and the box of those words on their page, so the auditor's page can highlight where it was read.

Pure Python: no Django, no Tesseract. `read_invoice` takes the pages `grants.ocr.read_document`
returns (or any objects with the same attributes), so the parsing is tested without OCR.

Invoices come in French, Spanish, Dutch and English. Labels match without case or accents and
across spaces and punctuation ("N° facture", "Nº de factura", "Factuur nr.", "Net à payer",
"NET A PAYER :" and "Net à pay er" are all found), because OCR splits and joins words freely.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from grants.ocr import Page

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class ReadValue:
    value: object  # Decimal (amount), str (currency ISO 4217, number, supplier, addressee), date
    text: str  # as printed
    confidence: float  # 0..100
    page: int
    box: Box

    def to_json(self, encode=str):
        return {
            "value": encode(self.value),
            "text": self.text,
            "confidence": self.confidence,
            "page": self.page,
            "box": list(self.box),
        }

    @classmethod
    def from_json(cls, data, decode=str):
        return cls(
            value=decode(data["value"]),
            text=data["text"],
            confidence=float(data["confidence"]),
            page=int(data["page"]),
            box=tuple(int(edge) for edge in data["box"]),
        )


# How each field's value is stored in JSON and read back: Decimal and date go as strings so a
# JSONField keeps them exactly.
_JSON_DECODERS = {
    "amount": Decimal,
    "currency": str,
    "invoice_date": date.fromisoformat,
    "invoice_number": str,
    "supplier": str,
    "addressee": str,
}


def _encode(value):
    return value.isoformat() if isinstance(value, date) else str(value)


@dataclass(frozen=True)
class InvoiceReading:
    amount: ReadValue | None
    currency: ReadValue | None
    invoice_date: ReadValue | None
    invoice_number: ReadValue | None
    supplier: ReadValue | None
    addressee: ReadValue | None

    def to_json(self) -> dict:
        """Return the reading as JSON-ready data: Decimal and date as strings, a missing value as None."""
        return {
            field: None if getattr(self, field) is None else getattr(self, field).to_json(_encode)
            for field in _JSON_DECODERS
        }

    @classmethod
    def from_json(cls, data) -> InvoiceReading:
        """Rebuild a reading stored by to_json; a field missing from older data reads as None."""
        return cls(
            **{
                field: None if data.get(field) is None else ReadValue.from_json(data[field], decode)
                for field, decode in _JSON_DECODERS.items()
            }
        )


# --- Text folding: labels match without case, accents or the shapes of "n°" -------------------


@lru_cache(maxsize=4096)
def _fold(text):
    """Lower-case, accents off, and "°", "º", "#" read as the "o" of "no" (number)."""
    text = text.replace("°", "o").replace("º", "o").replace("#", "no")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _squash(text):
    return "".join(char for char in _fold(text) if char.isalnum())


# --- Amounts -----------------------------------------------------------------------------------

# Currency as printed -> ISO 4217. Longer forms first: "C$" is not "$", "RWF" is not "R".
# A lone "F" is how francs CFA are often written in West Africa ("125 000 F"); a lone "R" is the rand.
_CURRENCY_FORMS = (
    (r"francs?\s*CFA", "XOF"),
    (r"F\s*\.?\s*CFA", "XOF"),
    (r"CFA", "XOF"),
    (r"X[O0]F", "XOF"),
    (r"euros?", "EUR"),
    (r"EUR", "EUR"),
    (r"€", "EUR"),
    (r"US\s?\$", "USD"),
    (r"USD", "USD"),
    (r"d[oó]lares", "USD"),
    (r"dollars?", "USD"),
    (r"C\s?\$", "NIO"),
    (r"NIO", "NIO"),
    (r"c[oó]rdobas?", "NIO"),
    (r"\$", "USD"),
    (r"RWF", "RWF"),
    (r"FRW", "RWF"),
    (r"RF", "RWF"),
    (r"ZAR", "ZAR"),
    (r"R", "ZAR"),
    (r"F", "XOF"),
)
_CURRENCY = "(?:" + "|".join(pattern for pattern, _ in _CURRENCY_FORMS) + ")"
# Single letters stand for a currency only next to a number: alone they are initials.
_LONE_CURRENCY = re.compile(
    "(?:" + "|".join(pattern for pattern, _ in _CURRENCY_FORMS if pattern not in ("R", "F", "RF")) + ")", re.I
)
# Digits, with "O" for a zero OCR misread, grouped by spaces, dots, commas or apostrophes; "1.250,-"
# is a whole amount the Belgian way.
_NUMBER = r"[\dOo](?:[\dOo]|[ .,'’](?=[\dOo]))*(?:[.,]-{1,2})?"
_AMOUNT_FORMS = (
    re.compile(rf"(?P<number>{_NUMBER})", re.I),
    re.compile(rf"(?P<currency>{_CURRENCY})\.?\s*(?P<number>{_NUMBER})", re.I),
    re.compile(rf"(?P<number>{_NUMBER})\s*(?P<currency>{_CURRENCY})\.?", re.I),
)
# Money fields hold 14 digits with 2 decimals: a longer run of digits is an account or a tax id.
_MAX_INTEGER_DIGITS = 12


def _currency_code(printed):
    for pattern, code in _CURRENCY_FORMS:
        if re.fullmatch(pattern, printed, re.I):
            return code
    return None


def _split_amount(text):
    """Return (number as printed, currency as printed or None), or None when text is no amount."""
    text = re.sub(r"\s+", " ", text).strip().strip(":").strip()
    for form in _AMOUNT_FORMS:
        match = form.fullmatch(text)
        if match and any(char.isdigit() for char in match["number"]):
            return match["number"], match.groupdict().get("currency")
    return None


def _number_value(number):
    """Read a number as printed, deciding which mark is the decimal one.

    Spaces and apostrophes only group thousands (or are OCR noise) and are dropped. Then:
    - both "." and "," appear: the last one is the decimal mark ("1.250.000,50", "1,250,000.50");
    - one mark, several times: it groups thousands ("1.250.000" in fr/es/nl, "1,250,000" in en);
    - one mark, once: followed by three digits it groups thousands ("1.250" and "1,250" are both
      1250, since no currency here has three decimals), by one or two it is the decimal mark.
    The groups after a thousands mark have three digits, or the number is not an amount. The
    language does not matter: the separators decide, so an English invoice in a French file reads.
    """
    text = re.sub(r"[Oo]", "0", number)
    text = re.sub(r"[.,]-{1,2}$", "", text)
    text = re.sub(r"[ '’]", "", text)
    marks = [char for char in text if char in ".,"]
    integer, decimals, thousands = text, "", None
    if marks:
        last = max(text.rfind("."), text.rfind(","))
        tail = text[last + 1 :]
        if len(set(marks)) == 2:
            if marks.count(text[last]) > 1:
                return None
            integer, decimals, thousands = text[:last], tail, marks[0]
        elif len(marks) > 1 or len(tail) == 3:
            thousands = marks[0]
        elif len(tail) in (1, 2):
            integer, decimals = text[:last], tail
        else:
            return None
    if thousands:
        first, *rest = integer.split(thousands)
        if not 1 <= len(first) <= 3 or any(len(group) != 3 for group in rest):
            return None
        integer = first + "".join(rest)
    if not integer.isdigit() or len(integer) > _MAX_INTEGER_DIGITS:
        return None
    return Decimal(f"{integer}.{decimals}" if decimals else integer)


def parse_amount(text: str) -> tuple[Decimal, str | None] | None:
    """Read an amount and its currency: "1 250 000 FCFA" -> (Decimal("1250000"), "XOF").

    The currency may come before or after, glued or not ("125000FCFA", "F.CFA 125.000", "€1.250,50",
    "US$ 1,250.50", "C$ 12 500,00", "RWF 1,250,000"); the ISO code is None when none is printed.
    An "O" among the digits is a zero ("1 250 OOO"). See _number_value for the separators. The
    amount keeps the decimals printed: "1 250 000 FCFA" is whole, "1 250,50 €" has cents.
    Spaces between digits are dropped whatever the group sizes, as OCR inserts stray ones: call
    this on text known to hold one amount.
    """
    parts = _split_amount(text)
    if parts is None:
        return None
    value = _number_value(parts[0])
    if value is None:
        return None
    return value, None if parts[1] is None else _currency_code(parts[1])


def _grouped_by_spaces(number):
    """Say whether the spaces of a number fall between thousands groups, as printed in columns.

    A line holds several numbers side by side ("2  125 000  250 000"): only "1 250 000"-like runs are
    one amount, so "2 125 000" is not read as two million.
    """
    if " " not in number:
        return True
    return bool(re.fullmatch(r"[\dOo]{1,3}(?: [\dOo]{3})+(?:[.,][\dOo]{1,2}|[.,]-{1,2})?", number))


# --- Dates -------------------------------------------------------------------------------------

# Month names and their usual abbreviations in fr, es, nl and en (folded). No abbreviation names
# two different months across the four languages ("mar" is March in all of them).
_MONTHS = {
    1: ("janvier", "janv", "jan", "enero", "ene", "januari", "january"),
    2: ("fevrier", "fevr", "fev", "febrero", "feb", "februari", "february"),
    3: ("mars", "mar", "marzo", "maart", "mrt", "maa", "march"),
    4: ("avril", "avr", "abril", "abr", "april", "apr"),
    5: ("mai", "mayo", "may", "mei"),
    6: ("juin", "junio", "jun", "juni", "june"),
    7: ("juillet", "juil", "julio", "jul", "juli", "july"),
    8: ("aout", "agosto", "ago", "augustus", "aug", "august"),
    9: ("septembre", "septiembre", "setiembre", "september", "sept", "sep", "set"),
    10: ("octobre", "octubre", "oktober", "october", "oct", "okt"),
    11: ("novembre", "noviembre", "november", "nov"),
    12: ("decembre", "diciembre", "december", "dec", "dic"),
}
_MONTH_NUMBERS = {name: number for number, names in _MONTHS.items() for name in names}
_MONTH = "(?:" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + r")(?![a-z])"
_DATE_FORMS = (
    re.compile(r"(?P<y>\d{4})\s*(?P<s>[/.-])\s*(?P<m>\d{1,2})\s*(?P=s)\s*(?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(?P<d>\d{1,2})\s*(?P<s>[/.-])\s*(?P<m>\d{1,2})\s*(?P=s)\s*(?P<y>\d{4}|\d{2})(?!\d)"),
    re.compile(
        rf"(?<!\d)(?P<d>\d{{1,2}})\s*[-/.]?\s*(?:(?:de|of)\s+)?(?P<month>{_MONTH})\.?\s*[-/.,]?\s*(?:(?:de|del)\s+)?(?P<y>\d{{4}})(?!\d)"
    ),
    re.compile(rf"(?P<month>{_MONTH})\.?\s+(?P<d>\d{{1,2}})\s*,?\s*(?P<y>\d{{4}})(?!\d)"),
)


def _date_text(text):
    """Fold a date as printed: ordinals off ("1er", "1º", "1e", "1st"), an "O" between digits a zero."""
    text = _fold(text)
    text = re.sub(r"(?<=\d)o+(?=[\d/.-])|(?<=[/.-])o+(?=\d)|(?<![a-z\d])o+(?=\d)", _zeros, text)
    # "1º de marzo" is the first: an "o" after a day and before a space is an ordinal, not a zero.
    return re.sub(r"(?<=\d)(?:er|re|eme|e|o|a|st|nd|rd|th)\b", "", text)


def _zeros(match):
    return "0" * len(match.group())


def _date_of(match):
    groups = match.groupdict()
    day = int(groups["d"])
    month = _MONTH_NUMBERS[groups["month"]] if groups.get("month") else int(groups["m"])
    year = int(groups["y"])
    if year < 100:
        year += 2000
    if groups.get("m") and month > 12 and day <= 12 and match.re is _DATE_FORMS[1]:
        # Day first is the rule in fr/es/nl; "03/25/2025" can only be an American date.
        day, month = month, day
    if not 1900 < year < 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """Read the first date in text.

    Numeric dates are day first, as in fr, es and nl ("12/03/2025", "12-03-2025", "12.03.2025",
    "12/03/25"), unless the day cannot be a month ("03/25/2025"); "2025-03-12" is year first.
    Month names and abbreviations in French, Spanish, Dutch and English: "1er mars 2025",
    "12 janv. 2025", "12 de marzo de 2025", "12 ene 2025", "12 mrt 2025", "March 12, 2025".
    """
    folded = _date_text(text)
    found = []
    for form in _DATE_FORMS:
        for match in form.finditer(folded):
            value = _date_of(match)
            if value is not None:
                found.append((match.start(), value))
                break
    return min(found, key=lambda start_value: start_value[0])[1] if found else None


def _whole_date(text):
    """The date that text is, all of it (a span of words tried as a date), or None."""
    folded = _date_text(text).strip(" ,;:()")
    for form in _DATE_FORMS:
        match = form.fullmatch(folded)
        if match:
            return _date_of(match)
    return None


# --- Words, lines and labels -------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    """A word, or the part of one on either side of a ":" or a label glued to its value."""

    text: str
    confidence: float
    box: Box
    word: int  # index of the word on its page: a word split in two counts once in a mean

    def cut(self, start, end=None):
        """The part text[start:end], its box a share of the word's as wide as its characters."""
        end = len(self.text) if end is None else end
        x0, y0, x1, y1 = self.box
        width = (x1 - x0) / max(len(self.text), 1)
        return _Token(
            self.text[start:end],
            self.confidence,
            (round(x0 + width * start), y0, round(x0 + width * end), y1),
            self.word,
        )


@dataclass(frozen=True)
class _Line:
    page: int
    tokens: tuple[_Token, ...]

    @cached_property
    def box(self):
        return _union(token.box for token in self.tokens)

    @cached_property
    def height(self):
        return max(token.box[3] - token.box[1] for token in self.tokens)


def _union(boxes):
    boxes = list(boxes)
    return (
        min(box[0] for box in boxes),
        min(box[1] for box in boxes),
        max(box[2] for box in boxes),
        max(box[3] for box in boxes),
    )


# The rules of a table read as these characters, on their own or stuck to a word ("FCFA|", "5 500!",
# "|Total"): never part of a value, they go from the edges of every word.
_TABLE_RULES = "|¦[]!"


def _tokens_of(index, word):
    """The word without table rules at its edges (none when it is only rules), split after each ":"
    so "Date:12/03/2025" is a label and a date."""
    token = _Token(word.text, float(word.confidence), tuple(word.box), index)
    start = len(word.text) - len(word.text.lstrip(_TABLE_RULES))
    end = len(word.text.rstrip(_TABLE_RULES))
    if start >= end:
        return []
    token = token.cut(start, end)
    starts = [0] + [match.end() for match in re.finditer(r":(?=\S)", token.text)]
    return [token.cut(start, end) for start, end in zip(starts, starts[1:] + [len(token.text)])]


def _same_line(previous, word):
    """Without line numbers from OCR, a word goes on with a line when it is to the right of the
    previous word and its middle is within that word's height."""
    middle = (word.box[1] + word.box[3]) / 2
    return word.box[0] >= previous.box[0] and previous.box[1] <= middle <= previous.box[3]


def _lines_of(page):
    """Group a page's words into lines: by their `line` number when OCR gives one, else by position."""
    lines, current, previous = [], [], None
    for index, word in enumerate(page.words):
        if not word.text.strip(_TABLE_RULES + " "):
            continue
        line = getattr(word, "line", None)
        if previous is not None:
            previous_line = getattr(previous, "line", None)
            if line is not None and previous_line is not None:
                starts_line = line != previous_line
            else:
                starts_line = not _same_line(previous, word)
            if starts_line:
                lines.append(_Line(page.number, tuple(current)))
                current = []
        current.extend(_tokens_of(index, word))
        previous = word
    if current:
        lines.append(_Line(page.number, tuple(current)))
    return lines


@dataclass(frozen=True)
class _Hit:
    """A label found on a line: where it is, and the tokens after it that hold its value."""

    rank: int
    start: int  # position in the squashed line, to tell overlapping labels apart
    end: int
    first_token: int
    value_tokens: tuple[_Token, ...]


def _squashed_line(tokens):
    """The line's letters and digits folded, with the token and character each one comes from.

    A zero reads as "o" here only, so "T0TAL" is still the TOTAL label.
    """
    chars, owners = [], []
    for token_index, token in enumerate(tokens):
        for char_index, char in enumerate(token.text):
            for folded in _fold(char):
                if folded.isalnum():
                    chars.append("o" if folded == "0" else folded)
                    owners.append((token_index, char_index))
    return "".join(chars), owners


def _value_tokens(tokens, token_index, char_end):
    """The tokens after a label, the rest of the word it ends in included, without the ":" or "-"
    printed between label and value."""
    rest = list(tokens[token_index + 1 :])
    token = tokens[token_index]
    if char_end < len(token.text):
        rest.insert(0, token.cut(char_end))
    # ")" closes a label's optional plural: "Señor(es):" is the label "Señores".
    punctuation = ":.-–—=/|,;)"
    while rest and not rest[0].text.strip(punctuation):
        rest.pop(0)
    if rest:
        stripped = len(rest[0].text) - len(rest[0].text.lstrip(punctuation))
        rest[0] = rest[0].cut(stripped)
    return tuple(rest)


def _label_hits(tokens, labels, not_labels=()):
    """Find labels in a line of tokens, as whole words (a label inside a longer word is no label).

    labels maps each label as printed to its rank. A label of not_labels at least as long as an
    overlapping label cancels it: "Sous-total" and "Total HT" are no "Total"; "Total IVA incluido"
    stays a total though "Total IVA" is not.
    """
    squashed, owners = _squashed_line(tokens)
    found = []
    for label, rank in [*((label, rank) for label, rank in labels.items()), *((label, None) for label in not_labels)]:
        key = _squash(label)
        start = squashed.find(key)
        while start != -1:
            end = start + len(key)
            if _starts_word(tokens, owners, start) and _ends_word(tokens, squashed, owners, end):
                found.append((rank, start, end))
            start = squashed.find(key, start + 1)
    cancelling = [(start, end) for rank, start, end in found if rank is None]
    hits = []
    for rank, start, end in found:
        if rank is None or any(
            other_start < end and start < other_end and other_end - other_start >= end - start
            for other_start, other_end in cancelling
        ):
            continue
        token_index, char_index = owners[end - 1]
        hits.append(_Hit(rank, start, end, owners[start][0], _value_tokens(tokens, token_index, char_index + 1)))
    return hits


def _starts_word(tokens, owners, start):
    if start == 0 or owners[start - 1][0] != owners[start][0]:
        return True
    token_index, char_index = owners[start]
    before = tokens[token_index].text[char_index - 1]
    return not before.isalnum() and before != "-"


def _ends_word(tokens, squashed, owners, end):
    if end == len(owners) or owners[end][0] != owners[end - 1][0]:
        return True
    token_index, last = owners[end - 1]
    text = tokens[token_index].text
    between = text[last + 1 : owners[end][1]]
    glued_number = squashed[end].isdigit() and not squashed[end - 1].isdigit()
    return not text[last].isalnum() or any(not char.isalnum() for char in between) or glued_number


def _gap(left, right):
    return right.box[0] - left.box[2]


def _same_row(line, other):
    """Say whether other sits on line's row (its middle within line's height): OCR often reads a
    label and its value in separate blocks when they are far apart."""
    middle = (other.box[1] + other.box[3]) / 2
    return other is not line and other.page == line.page and line.box[1] <= middle <= line.box[3]


def _right_of(lines, line, x):
    """The tokens of the lines on line's row that start right of x, left to right."""
    row = sorted((other for other in lines if _same_row(line, other) and other.box[0] >= x), key=lambda o: o.box[0])
    return tuple(token for other in row for token in other.tokens)


def _below(lines, line, box):
    """The nearest line under a label, overlapping it sideways, within two line heights."""
    candidates = [
        other
        for other in lines
        if other.page == line.page
        and other is not line
        and 0 <= other.box[1] - line.box[3] + line.height / 2 <= 2.5 * line.height
        and other.box[0] < box[2] + 2 * line.height
        and other.box[2] > box[0]
    ]
    return min(candidates, key=lambda other: (other.box[1], abs(other.box[0] - box[0])), default=None)


# --- Reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    value: object
    tokens: tuple[_Token, ...]
    page: int

    def read_value(self):
        return _read_value(self.value, self.tokens, self.page)


def _read_value(value, tokens, page):
    """Wrap what was read: its text as printed, the mean confidence of its words, their union box."""
    confidences = {token.word: token.confidence for token in tokens}
    return ReadValue(
        value=value,
        text=" ".join(token.text for token in tokens),
        confidence=sum(confidences.values()) / len(confidences),
        page=page,
        box=_union(token.box for token in tokens),
    )


@dataclass(frozen=True)
class _Amount:
    value: Decimal
    currency: str | None
    number: str
    tokens: tuple[_Token, ...]
    currency_tokens: tuple[_Token, ...]
    page: int


def _joined(left, right):
    """Say whether two number words are close enough to be one amount: a thousands space is
    narrower than a letter is high, a gap between columns much wider."""
    height = max(left.box[3] - left.box[1], right.box[3] - right.box[1])
    return _gap(left, right) <= height


# An IBAN as printed, in groups of four or not ("BE38 4239 9993 4001", "FR76 3000 6000 0112 3456 7890 189"):
# its groups read like amounts ("4001 €" when the total follows it). One of its check digits may be
# misread as a letter ("BE4S"); capitals only, so "le 12 mars 2025" is no IBAN.
_IBAN = re.compile(
    r"(?<![A-Za-z0-9])[A-Z]{2} ?(?:\d[A-Z0-9]|[A-Z0-9]\d)(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])"
)


def _in_ibans(tokens):
    """The indexes of the tokens that are part of an IBAN."""
    text, starts = "", []
    for token in tokens:
        starts.append(len(text) + 1 if text else 0)
        text = f"{text} {token.text}" if text else token.text
    inside = set()
    for match in _IBAN.finditer(text):
        inside.update(
            index
            for index, start in enumerate(starts)
            if start < match.end() and match.start() < start + len(tokens[index].text)
        )
    return inside


def _amounts_in(tokens, page):
    """The amounts in a run of tokens, each the longest run of words that reads as one; an IBAN
    holds none."""
    amounts, start = [], 0
    ibans = _in_ibans(tokens)
    while start < len(tokens):
        best = None
        for end in range(start, min(len(tokens), start + 7)):
            if end in ibans or (end > start and not _joined(tokens[end - 1], tokens[end])):
                break
            span = tokens[start : end + 1]
            if _is_punctuation(span[0]) or _is_punctuation(span[-1]):
                continue
            amount = _amount_of(span, page)
            if amount is not None:
                best = amount
        if best is None:
            start += 1
        else:
            amounts.append(best)
            start += len(best.tokens)
    return amounts


def _amount_of(span, page):
    text = " ".join(token.text for token in span)
    parts = _split_amount(text)
    if parts is None or not _grouped_by_spaces(re.sub(r"\s+", " ", parts[0])):
        return None
    parsed = parse_amount(text)
    if parsed is None:
        return None
    value, currency = parsed
    currency_tokens = ()
    if currency:
        for tokens in (span[-2:], span[-1:], span[:2], span[:1]):
            if len(tokens) < len(span) and _currency_code(" ".join(token.text for token in tokens).strip(".")):
                currency_tokens = tuple(tokens)
                break
        else:
            currency_tokens = tuple(span)
    return _Amount(value, currency, parts[0], tuple(span), currency_tokens, page)


def _looks_like_money(amount):
    """A number with a currency, decimals or grouped thousands; bare "2025" or "4471" are not money."""
    return amount.currency is not None or bool(re.search(r"[ .,'’]", amount.number))


# Labels of the total, ranked: what is left to pay beats the total with taxes, which beats a bare
# "Total". A lower-ranked larger amount (a gross total before a deposit) never wins.
TOTAL_LABELS = {
    "Net à payer": 3,
    "Montant à payer": 3,
    "Reste à payer": 3,
    "Total à payer": 3,
    "Somme à payer": 3,
    "Total a pagar": 3,
    "Neto a pagar": 3,
    "Valor a pagar": 3,
    "Monto a pagar": 3,
    "Importe a pagar": 3,
    "Total a cancelar": 3,
    "Te betalen": 3,
    "Amount due": 3,
    "Total due": 3,
    "Balance due": 3,
    "Amount payable": 3,
    "Net payable": 3,
    "Total TTC": 2,
    "Montant TTC": 2,
    "Net TTC": 2,
    "Total général": 2,
    "Montant total": 2,
    "Total facture": 2,
    "Total de la facture": 2,
    "Importe total": 2,
    "Total factura": 2,
    "Valor total": 2,
    "Monto total": 2,
    "Total con IVA": 2,
    "Total IVA incluido": 2,
    "Totaal incl. btw": 2,
    "Totaal inclusief btw": 2,
    "Totaalbedrag": 2,
    "Factuurbedrag": 2,
    "Totaal factuur": 2,
    "Grand total": 2,
    "Total amount": 2,
    "Invoice total": 2,
    "Total incl. VAT": 2,
    "Total": 1,
    "Totaal": 1,
}
# Lines that say total but are not the invoice's: before tax, the tax, carried forward, paid already,
# counts of items.
NOT_TOTAL_LABELS = (
    "Sous-total",
    "Subtotal",
    "Subtotaal",
    "Total HT",
    "Total hors taxe",
    "Total HTVA",
    "Total hors TVA",
    "Montant HT",
    "Total TVA",
    "Montant TVA",
    "Total IVA",
    "Total sin IVA",
    "Base imponible",
    "Totaal excl. btw",
    "Totaal exclusief btw",
    "Totaal btw",
    "Btw-bedrag",
    "Total VAT",
    "Total tax",
    "Total excl. VAT",
    "Total partiel",
    "À reporter",
    "Report",
    "Total remise",
    "Total descuento",
    "Total quantité",
    "Total qté",
    "Total articles",
    "Total items",
    "Total cantidad",
    "Totaal aantal",
    "Total payé",
    "Déjà payé",
    "Total pagado",
    "Totaal betaald",
    "Amount paid",
    "Total paid",
)
# Lines whose numbers are never amounts (phones, tax and bank ids), for the unlabelled fallback.
NOT_AMOUNT_LABELS = (
    "Tél",
    "Tel",
    "Téléphone",
    "Teléfono",
    "Telefoon",
    "Phone",
    "Fax",
    "Cel",
    "Celular",
    "Móvil",
    "GSM",
    "Mobile",
    "WhatsApp",
    "IFU",
    "NIF",
    "NINEA",
    "RCCM",
    "RUC",
    "NIT",
    "KBO",
    "Ondernemingsnummer",
    "BTW-nr",
    "IBAN",
    "BIC",
    "SWIFT",
    "Compte",
    "Cuenta",
    "Rekening",
    "BP",
    "Boîte postale",
    "Apartado",
    "Postbus",
)


def _total_amounts(tokens, page):
    """The amounts that can be the value of a total label, in the tokens after it.

    One printed like money (with a currency, decimals or grouped thousands) anywhere, a bare number
    only right after the label: "Te betalen" also opens a sentence ("Gelieve te betalen binnen 30
    dagen"), whose numbers are no total.
    """
    amounts = _amounts_in(tokens, page)
    lead = next((token for token in tokens if not _is_punctuation(token) and not _is_currency(token)), None)
    return [amount for amount in amounts if _looks_like_money(amount) or any(token is lead for token in amount.tokens)]


def _is_currency(token):
    return _currency_code(token.text.strip(".:()")) is not None


def _total_candidates(lines):
    """(rank, amount) for each line labelled as a total, the largest amount after its label.

    The amount is after the label on its line, up to the next label (a total, a phone, a bank
    account...); else on its row further right (OCR reads the label and the figure as separate
    blocks when a table puts them apart); else, when the label is alone on its row, on the line
    under it (a boxed total).
    """
    candidates = []
    other_labels = {
        **dict.fromkeys(TOTAL_LABELS, 0),
        **dict.fromkeys(NOT_TOTAL_LABELS, 0),
        **dict.fromkeys(NOT_AMOUNT_LABELS, 0),
    }
    for line in lines:
        hits = _label_hits(line.tokens, TOTAL_LABELS, NOT_TOTAL_LABELS)
        if not hits:
            continue
        best = max(hits, key=lambda hit: (hit.rank, -hit.start))
        following = [hit.first_token for hit in _label_hits(line.tokens, other_labels) if hit.start >= best.end]
        value_tokens = best.value_tokens
        if following:
            kept = len(line.tokens) - min(following)
            value_tokens = value_tokens[: max(len(value_tokens) - kept, 0)]
        amounts = _total_amounts(value_tokens, line.page)
        if not amounts:
            row = _right_of(lines, line, line.box[2])
            amounts = _total_amounts(row, line.page)
            if not amounts and not value_tokens and not row:
                under = _below(lines, line, line.box)
                amounts = _total_amounts(under.tokens, under.page) if under else []
        if amounts:
            candidates.append((best.rank, max(amounts, key=lambda amount: amount.value)))
    return candidates


def _read_amount(lines):
    """The total: the amount of the best-ranked total line (the largest if several), else the largest
    amount printed like money on a line that is no phone, tax id or bank account."""
    candidates = _total_candidates(lines)
    if candidates:
        return max(candidates, key=lambda candidate: (candidate[0], candidate[1].value))[1]
    money = [
        amount
        for line in lines
        if not _label_hits(line.tokens, dict.fromkeys(NOT_AMOUNT_LABELS, 0))
        for amount in _amounts_in(line.tokens, line.page)
        if _looks_like_money(amount)
    ]
    return max(money, key=lambda amount: amount.value, default=None)


def _read_currency(lines, total):
    """The total's currency; else the one most amounts show; else a currency printed on its own
    ("Montants en francs CFA")."""
    if total is not None and total.currency:
        return _read_value(total.currency, total.currency_tokens, total.page)
    with_currency = [amount for line in lines for amount in _amounts_in(line.tokens, line.page) if amount.currency]
    if with_currency:
        code = Counter(amount.currency for amount in with_currency).most_common(1)[0][0]
        first = next(amount for amount in with_currency if amount.currency == code)
        return _read_value(code, first.currency_tokens, first.page)
    for line in lines:
        for start in range(len(line.tokens)):
            for end in (start + 2, start + 1):
                span = line.tokens[start:end]
                text = " ".join(token.text for token in span).strip(".:,;()")
                if len(span) == end - start and _LONE_CURRENCY.fullmatch(text):
                    return _read_value(_currency_code(text), span, line.page)
    return None


# Labels of the invoice date, ranked above a bare "Date"; a date after a label of NOT_INVOICE_DATE
# (due, delivery, order, period) is never the invoice date.
DATE_LABELS = {
    "Date de facture": 3,
    "Date facture": 3,
    "Date de facturation": 3,
    "Date d'émission": 3,
    "Fecha de emisión": 3,
    "Fecha de factura": 3,
    "Fecha factura": 3,
    "Fecha de expedición": 3,
    "Factuurdatum": 3,
    "Datum factuur": 3,
    "Invoice date": 3,
    "Date of issue": 3,
    "Issue date": 3,
    "Date": 2,
    "Fecha": 2,
    "Datum": 2,
}
NOT_INVOICE_DATE_LABELS = (
    "Date d'échéance",
    "Échéance",
    "Date limite",
    "Date de livraison",
    "Livraison",
    "Date de paiement",
    "Date de commande",
    "Fecha de vencimiento",
    "Vencimiento",
    "Fecha de pago",
    "Fecha de entrega",
    "Fecha de pedido",
    "Vervaldatum",
    "Vervaldag",
    "Betaaldatum",
    "Leverdatum",
    "Besteldatum",
    "Due date",
    "Due",
    "Payment date",
    "Delivery date",
    "Order date",
    "Période",
    "Periodo",
    "Periode",
    "Period",
    "Valable jusqu'au",
    "Validité",
)


def _is_punctuation(token):
    return not token.text.strip(":;,.-–—=/|()")


def _dates_in(tokens, page):
    found, start = [], 0
    while start < len(tokens):
        best = None
        for end in range(start, min(len(tokens), start + 6)):
            span = tokens[start : end + 1]
            if _is_punctuation(span[0]) or _is_punctuation(span[-1]):
                continue
            value = _whole_date(" ".join(token.text for token in span))
            if value is not None:
                best = _Found(value, tuple(span), page)
        if best is None:
            start += 1
        else:
            found.append((start, best))
            start += len(best.tokens)
    return found


def _labels_left_of(lines, line, labels):
    """The labels of the nearest line left of line on its row: a label and its date read as two blocks."""
    left = [other for other in lines if _same_row(line, other) and other.box[2] <= line.box[0]]
    nearest = max(left, key=lambda other: other.box[2], default=None)
    return _label_hits(nearest.tokens, labels) if nearest else []


def _read_date(lines):
    """The invoice date: the date after the best invoice-date label, else the first date.

    A date belongs to the nearest label before it on its line, so on "Date : 12/03/2025 Échéance :
    12/04/2025" the second date is the due date and is skipped.
    """
    labels = {**DATE_LABELS, **dict.fromkeys(NOT_INVOICE_DATE_LABELS, 0)}
    candidates = []
    for order, line in enumerate(lines):
        hits = _label_hits(line.tokens, labels)
        for start, found in _dates_in(line.tokens, line.page):
            before = [hit for hit in hits if hit.first_token < start]
            if not before:
                before = _labels_left_of(lines, line, labels)
            # The longest of labels starting together: "Date d'échéance" is not "Date".
            rank = max(before, key=lambda hit: (hit.start, hit.end)).rank if before else 1
            if rank:
                candidates.append((-rank, order, found))
    return min(candidates, key=lambda candidate: candidate[:2])[2].read_value() if candidates else None


# "Facture N°", "N° facture", "Factura No.", "Nº de factura", "Factuurnummer", "Factuur nr.", "Invoice No."
INVOICE_NUMBER_LABELS = {
    "Facture n°": 2,
    "Facture numéro": 2,
    "N° facture": 2,
    "N° de facture": 2,
    "Numéro de facture": 2,
    "Numéro facture": 2,
    "Réf. facture": 2,
    "Factura n°": 2,
    "Factura nro": 2,
    "Factura número": 2,
    "Nº de factura": 2,
    "Nº factura": 2,
    "Nro. de factura": 2,
    "Número de factura": 2,
    "Factuurnummer": 2,
    "Factuur nr": 2,
    "Factuurnr": 2,
    "Nummer factuur": 2,
    "Factuur n°": 2,
    "Invoice n°": 2,
    "Invoice nr": 2,
    "Invoice number": 2,
    "Invoice #": 2,
    "Facture": 1,
    "Factura": 1,
    "Factuur": 1,
    "Invoice": 1,
}
# Words after "Facture" that lead to the date or the kind of invoice, not to its number.
_NOT_NUMBER_WORDS = {"du", "le", "del", "de", "fecha", "van", "dd", "dated", "of", "on"}


def _number_in(tokens):
    """The invoice number among the first tokens after a label: the first word holding a digit that
    is not a date, joined with the next when a "-" or "/" splits it ("FA-2025-" "014")."""
    for index, token in enumerate(tokens[:3]):
        if _fold(token.text).strip(".:") in _NOT_NUMBER_WORDS:
            return None
        if any(char.isdigit() for char in token.text) and _whole_date(token.text) is None:
            parts = [token]
            for following in tokens[index + 1 :]:
                if parts[-1].text.endswith(("-", "/")) or following.text.startswith(("-", "/")):
                    parts.append(following)
                else:
                    break
            cleaned = "".join(part.text for part in parts).strip(".,;:")
            return cleaned, tuple(parts)
    return None


def _read_number(lines):
    """The invoice number: after a number label, else after the title ("FACTURE FA-2025-014");
    when the label ends its line, the value may be further right on the row or under the label."""
    candidates = []
    for order, line in enumerate(lines):
        for hit in _label_hits(line.tokens, INVOICE_NUMBER_LABELS):
            found = _number_in(hit.value_tokens)
            if found is None and not hit.value_tokens and hit.rank == 2:
                label_box = _union(token.box for token in line.tokens[hit.first_token :])
                found = _number_in(_right_of(lines, line, line.box[2]))
                under = _below(lines, line, label_box)
                if found is None and under is not None:
                    found = _number_in(under.tokens)
            if found is not None:
                candidates.append((-hit.rank, order, found, line.page))
    if not candidates:
        return None
    _, _, (value, tokens), page = min(candidates, key=lambda candidate: candidate[:2])
    return _read_value(value, tokens, page)


ADDRESSEE_LABELS = (
    "Doit",
    "Client",
    "Destinataire",
    "Facturé à",
    "Adressé à",
    "Cliente",
    "Señores",
    "Señor",
    "Sres",
    "Facturar a",
    "Facturado a",
    "Comprador",
    "Razón social",
    "Aan",
    "Klant",
    "Factuur aan",
    "Gefactureerd aan",
    "Bill to",
    "Billed to",
    "Invoice to",
    "Customer",
)
SUPPLIER_LABELS = (
    "Fournisseur",
    "Prestataire",
    "Émetteur",
    "Vendeur",
    "Proveedor",
    "Emisor",
    "Vendedor",
    "Leverancier",
    "Verkoper",
    "Supplier",
    "Vendor",
    "Seller",
    "From",
)
# Addressees of this programme are municipalities: a line that starts like one is the addressee
# when no label says so.
MUNICIPALITY_WORDS = (
    "Mairie",
    "Commune de",
    "Municipalité",
    "Municipalidad",
    "Municipio",
    "Alcaldía",
    "Gobierno Autónomo Descentralizado",
    "Gemeente",
    "Stad",
    "Stadsbestuur",
    "City of",
    "Municipality",
    "Town of",
)
# Words of a document's title, never its supplier.
_TITLE_WORDS = {
    "facture",
    "factura",
    "factuur",
    "invoice",
    "proforma",
    "pro",
    "forma",
    "definitive",
    "original",
    "originale",
    "copie",
    "copy",
    "duplicata",
    "electronica",
    "comercial",
    "commerciale",
    "tax",
}
# A name that ends with one of these goes on on the next line ("Entreprise Générale de" / "Travaux").
_CONNECTORS = {"de", "du", "des", "d", "et", "&", "y", "e", "en", "van", "der", "and", "of", "-"}
# Labels of the lines around a supplier's name: its address, ids and contacts.
_NOT_NAME_LABELS = (
    *NOT_AMOUNT_LABELS,
    "Adresse",
    "Dirección",
    "Adres",
    "Address",
    "Email",
    "E-mail",
    "Courriel",
    "Correo",
    "Site",
    "Web",
    "www",
)


def _column_gap(tokens):
    """Cut tokens at the first gap wider than two letters are high: the next column starts there."""
    for index in range(1, len(tokens)):
        if _gap(tokens[index - 1], tokens[index]) > 2 * (tokens[index].box[3] - tokens[index].box[1]):
            return tokens[:index]
    return tokens


def _name_in(tokens):
    """A name among tokens: at least three letters, mostly letters, not a number or an id."""
    tokens = _column_gap(tuple(token for token in tokens if token.text.strip(":.-–—|")))
    text = " ".join(token.text for token in tokens)
    letters = sum(char.isalpha() for char in text)
    if letters < 3 or letters < len(text.replace(" ", "")) / 2:
        return None
    first = _fold(tokens[0].text).strip(".:")
    if first in {"no", "n", "nr", "nro", "numero", "num", "code", "ref", "id"}:
        return None
    return tokens


def _labelled_name(lines, labels):
    """The name after one of labels, that label opening its line or a column: "Doit : Mairie de Bohicon";
    when nothing follows the label, the line under it. A name ending with "de", "y", "van"... goes on
    on the line under it, as a narrow box wraps it ("Cliente: Alcaldía Municipal de" / "Santo Tomás")."""
    for line in lines:
        for hit in _label_hits(line.tokens, dict.fromkeys(labels, 1)):
            if (
                hit.first_token
                and _gap(line.tokens[hit.first_token - 1], line.tokens[hit.first_token]) <= 2 * line.height
            ):
                continue
            block, name = line, _name_in(hit.value_tokens) if hit.value_tokens else None
            if name is None and not hit.value_tokens:
                block = _below(lines, line, _union(token.box for token in line.tokens[hit.first_token :]))
                name = _name_in(block.tokens) if block else None
            if name is None:
                continue
            if _fold(name[-1].text) in _CONNECTORS:
                start = hit.first_token if block is line else 0
                wrapped = _below(lines, block, _union(token.box for token in (*block.tokens[start:], *name)))
                name = (*name, *_column_gap(wrapped.tokens)) if wrapped else name
            return _Found(_clean_name(name), name, line.page)
    return None


def _clean_name(tokens):
    return " ".join(token.text for token in tokens).strip(" :;,-–—|")


def _is_name(tokens, page):
    """Say whether tokens are a name: no title ("FACTURE"), label, address, contact or date."""
    if _name_in(tokens) is None:
        return False
    words = [_squash(token.text) for token in tokens]
    if all(word in _TITLE_WORDS for word in words if word and not word.isdigit()):
        return False
    other_labels = {
        **INVOICE_NUMBER_LABELS,
        **DATE_LABELS,
        **TOTAL_LABELS,
        **dict.fromkeys((*ADDRESSEE_LABELS, *SUPPLIER_LABELS, *_NOT_NAME_LABELS, *NOT_INVOICE_DATE_LABELS), 0),
    }
    return not _label_hits(tokens, other_labels) and not _dates_in(tokens, page)


def _read_supplier(lines, addressee):
    """The supplier: after a supplier label; else the first line of page 1 that reads as a name,
    above the addressee's block, joined with the next line when it ends with "de", "y", "van"..."""
    found = _labelled_name(lines, SUPPLIER_LABELS)
    if found is not None:
        return found.read_value()
    first_page = [line for line in lines if line.page == lines[0].page] if lines else []
    for index, line in enumerate(first_page):
        # A name opens its line, or the first column of it: the addressee's block may sit beside it.
        tokens = _column_gap(line.tokens)
        if addressee is not None and line.page == addressee.page:
            if line.box[1] > addressee.box[3]:
                break
            if _overlap(_union(token.box for token in tokens), addressee.box):
                continue
        if not _is_name(tokens, line.page):
            continue
        if _fold(tokens[-1].text) in _CONNECTORS and index + 1 < len(first_page):
            tokens = tokens + _column_gap(first_page[index + 1].tokens)
        return _read_value(_clean_name(tokens), tokens, line.page)
    return None


def _overlap(box, other):
    return box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]


def _read_addressee(lines):
    """The addressee: after an addressee label ("Doit", "Cliente", "Klant", "Bill to"...); else
    the first line of page 1 that starts with a municipality word ("Mairie de ...", "Gemeente ...")."""
    found = _labelled_name(lines, ADDRESSEE_LABELS)
    if found is not None:
        return found.read_value()
    for line in lines:
        if line.page != lines[0].page:
            break
        if any(hit.first_token == 0 for hit in _label_hits(line.tokens, dict.fromkeys(MUNICIPALITY_WORDS, 1))):
            tokens = _column_gap(line.tokens)
            return _read_value(_clean_name(tokens), tokens, line.page)
    return None


def read_invoice(pages: Iterable[Page]) -> InvoiceReading:
    """Read the total, currency, date, number, supplier and addressee of an invoice's pages.

    Each value is None when it was not found; which label wins, and the fallbacks, are described
    in the functions reading each one.
    """
    lines = [line for page in pages for line in _lines_of(page)]
    total = _read_amount(lines)
    addressee = _read_addressee(lines)
    return InvoiceReading(
        amount=None if total is None else _read_value(total.value, total.tokens, total.page),
        currency=_read_currency(lines, total),
        invoice_date=_read_date(lines),
        invoice_number=_read_number(lines),
        supplier=_read_supplier(lines, addressee),
        addressee=addressee,
    )
