"""Which statement line a scan belongs to, from the invoice number in its file name.

Municipalities name scans after the invoice ("F-2025-012.pdf", "factura 2025 012.jpg",
"scan_F2025012_paiement.pdf"): the invoice number's letters and digits must appear in
that order in the name, separators allowed between them, and not inside a longer run of
letters and digits ("F-2025-0120" is another invoice). When several lines' numbers fit,
the longest wins; two lines with the same number (two suppliers) leave the file unmatched,
for OCR or the officer to decide. Pure Python: no Django, no files.
"""

import re
import unicodedata
from dataclasses import dataclass

# Shorter numbers ("1", "12") would be found in dates and page numbers of any file name.
MIN_NUMBER_CHARS = 3
# Beginnings of words in a file name that say it is a proof of payment rather than the
# invoice (fr, es, nl, en): "paiement", "virement", "reçu", "pago", "transferencia",
# "comprobante", "betalingsbewijs", "overschrijving", "payment", "proof", "receipt".
PAYMENT_WORDS = (
    "paiement",
    "payement",
    "virement",
    "recu",
    "pago",
    "transfer",
    "recibo",
    "comprobante",
    "betaling",
    "overschrijving",
    "payment",
    "proof",
    "receipt",
)


@dataclass(frozen=True)
class FileMatch:
    line: object | None
    is_payment_proof: bool


def letters_and_digits(text):
    """`text` without accents, separators or case: what an invoice number is compared by."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^0-9A-Za-z]", "", plain).upper()


def number_pattern(invoice_number):
    """A pattern finding the number in a file name, separators allowed between its characters, or None."""
    chars = letters_and_digits(invoice_number)
    if len(chars) < MIN_NUMBER_CHARS:
        return None
    between = r"[^0-9A-Za-z]*"
    return re.compile(r"(?<![0-9A-Za-z])" + between.join(map(re.escape, chars)) + r"(?![0-9A-Za-z])", re.IGNORECASE)


def match_file_names(file_names, numbers_of_lines):
    """{file name: FileMatch} for each name, given {line: invoice number}; line None when no single line fits."""
    patterns = []
    for line, number in numbers_of_lines.items():
        pattern = number_pattern(number)
        if pattern is not None:
            patterns.append((line, pattern, len(letters_and_digits(number))))
    return {name: FileMatch(_best_line(_stem(name), patterns), is_payment_proof(name)) for name in file_names}


def is_payment_proof(file_name):
    words = re.split(r"[^a-z]+", letters_only(file_name))
    return any(word.startswith(PAYMENT_WORDS) for word in words if word)


def letters_only(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def _stem(name):
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return plain.rsplit(".", 1)[0] if "." in plain else plain


def _best_line(stem, patterns):
    found = [(length, line) for line, pattern, length in patterns if pattern.search(stem)]
    if not found:
        return None
    longest = max(length for length, _line in found)
    lines = [line for length, line in found if length == longest]
    return lines[0] if len(lines) == 1 else None
