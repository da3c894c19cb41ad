"""Invoices as real documents: the scans of demo statement lines and the reading benchmark's set.

A line of a demo statement (demo.statements) becomes the invoice its supplier would have
printed: HTML and CSS in the supplier's house style, rendered by WeasyPrint to a one-page
PDF with a text layer, in one of three layouts:

- "fr": a shop in Benin or Senegal, amounts in CFA francs ("1 250 000 FCFA"), "FACTURE N°",
  "Doit : Commune de ...", the total also in words ("Arrêtée la présente facture à la somme
  de ..."), a stamp over the signature;
- "es": a shop in Ecuador (USD, "$ 1.250,00") or Nicaragua (córdobas, "C$ 12.500,00"),
  "FACTURA No.", "Cliente:", the total in words ("SON: ... CON 00/100 DÓLARES");
- "nl": a Flemish supplier (EUR, "€ 1.250,00"), "FACTUUR", "Factuurnummer", "Factuur aan",
  a due date and a structured payment reference.

Three variants (VARIANTS) of each: the PDF as printed; a "scanned" PDF that holds only a
grey picture of the page, slightly skewed, as an office scanner makes; and a phone "photo"
(JPEG, or PNG for some): the page on a desk, rotated 1-4 degrees, blurred, with uneven
light and lower contrast, at most MAX_SIDE_PIXELS a side, as an upload is stored.
Everything follows the `rng` passed in (or the seed of `generated_set`): same seed, same bytes.
"""

import html
import io
import random
import re
import time
import zlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pypdfium2
from babel.dates import get_month_names
from PIL import Image, ImageChops, ImageEnhance, ImageFilter, ImageOps

from core.uploaded_files import MAX_SIDE_PIXELS
from demo.statements import DEMO_PARTNERSHIPS, LOCAL_SUPPLIERS, generate_statement

TEXT_PDF, SCANNED_PDF, PHOTO = "text-pdf", "scanned-pdf", "photo"
VARIANTS = (TEXT_PDF, SCANNED_PDF, PHOTO)
LANGUAGES = ("fr", "es", "nl")
PDF_TYPE, JPEG_TYPE, PNG_TYPE = "application/pdf", "image/jpeg", "image/png"

# An office scanner's usual resolution, and the one at which photos are taken before they
# are reduced to what the upload keeps (MAX_SIDE_PIXELS).
SCAN_DPI = 200
PHOTO_RENDER_DPI = 200
# The page fills this share of a photo's long side; the rest is the desk it lies on.
PHOTO_PAGE_SHARE = (0.84, 0.94)
PHOTO_ROTATION_DEGREES = (1.0, 4.0)
SCAN_ROTATION_DEGREES = (0.2, 1.2)
PHOTO_JPEG_QUALITY = (60, 75)
SCAN_JPEG_QUALITY = (70, 85)
# One photo in this many is sent as PNG (a scanning app's export) rather than JPEG.
PNG_PHOTO_EVERY = 4


@dataclass(frozen=True)
class InvoiceTruth:
    """What a generated document says, to grade what a reader found in it."""

    amount: Decimal
    currency: str
    invoice_date: date
    invoice_number: str
    supplier: str
    addressee: str  # "" when the invoice names nobody
    variant: str
    language: str


def invoice_document(line, *, layout_language, variant=TEXT_PDF, rng):
    """Return (bytes, content type) of the invoice behind a statement line.

    `line` is a mapping with the keys of a demo statement row (demo.statements.FIELDS):
    supplier, invoice_number, invoice_date, amount, currency, description, addressed_to
    (may be empty), paid_by, and optionally vat (the VAT included in the amount) and
    country (ISO code of the supplier's country, else guessed from the supplier and the
    currency). `layout_language` is "fr", "es" or "nl"; `variant` one of VARIANTS.
    The total printed is `amount`; a negative amount makes a credit note.
    """
    if layout_language not in LANGUAGES:
        raise ValueError("Unknown layout %r: use one of %s." % (layout_language, ", ".join(LANGUAGES)))
    pdf = invoice_pdf(line, layout_language=layout_language, rng=rng)
    if variant == TEXT_PDF:
        return pdf, PDF_TYPE
    if variant == SCANNED_PDF:
        return scanned_pdf(pdf, rng=rng, when=line["invoice_date"]), PDF_TYPE
    if variant == PHOTO:
        return photographed(pdf, rng=rng), JPEG_TYPE
    raise ValueError("Unknown variant %r: use one of %s." % (variant, ", ".join(VARIANTS)))


def generated_set(count, seed):
    """Yield `count` (bytes, content type, InvoiceTruth) drawn from demo statements.

    Languages and variants take turns, so that any nine consecutive documents hold each
    layout in each variant; one photo in PNG_PHOTO_EVERY is a PNG. The lines come from
    statements of the demo's city partnerships of 2023-2025 without traps: French
    layouts for Benin and Senegal, Spanish for Ecuador and Nicaragua, Dutch for the lines
    the Flemish municipality paid.
    """
    rng = random.Random(seed)  # nosec B311 # demo documents, nothing secret
    lines = _LinePool(rng)
    photos = 0
    for index in range(count):
        language = LANGUAGES[index % len(LANGUAGES)]
        variant = VARIANTS[(index // len(LANGUAGES)) % len(VARIANTS)]
        line = lines.draw(language)
        pdf = invoice_pdf(line, layout_language=language, rng=rng)
        if variant == TEXT_PDF:
            data, content_type = pdf, PDF_TYPE
        elif variant == SCANNED_PDF:
            data, content_type = scanned_pdf(pdf, rng=rng, when=line["invoice_date"]), PDF_TYPE
        else:
            photos += 1
            as_png = photos % PNG_PHOTO_EVERY == 0
            data = photographed(pdf, rng=rng, image_format="PNG" if as_png else "JPEG")
            content_type = PNG_TYPE if as_png else JPEG_TYPE
        truth = InvoiceTruth(
            amount=line["amount"],
            currency=line["currency"],
            invoice_date=line["invoice_date"],
            invoice_number=line["invoice_number"],
            supplier=line["supplier"],
            addressee=line["addressed_to"],
            variant=variant,
            language=language,
        )
        yield data, content_type, truth


class _LinePool:
    """Statement lines by layout language, generated a statement at a time as they run out."""

    def __init__(self, rng):
        self.rng = rng
        self.lines = {language: [] for language in LANGUAGES}

    def draw(self, language):
        while not self.lines[language]:
            self.refill(language)
        return self.lines[language].pop()

    def refill(self, language):
        partner_language = language if language != "nl" else None
        candidates = [p for p in DEMO_PARTNERSHIPS if partner_language in (None, p.language)]
        partnership = self.rng.choice(candidates)
        year = self.rng.choice((2023, 2024, 2025))
        rows = generate_statement(partnership=partnership, year=year, count=20, rng=self.rng, traps=False).rows
        for row in rows:
            row_language = "nl" if row["paid_by"] == "flemish" else partnership.language
            self.lines[row_language].append({**row, "country": "BE" if row_language == "nl" else partnership.country})
        for pool in self.lines.values():
            self.rng.shuffle(pool)


# The page as printed


def invoice_pdf(line, *, layout_language, rng):
    """Return the invoice of `line` as a one-page PDF with a text layer (see invoice_document)."""
    from weasyprint import HTML  # imported when needed: it takes a second to load

    page = _page_html(line, layout_language, rng)
    return HTML(string=page).write_pdf()


@dataclass(frozen=True)
class _House:
    """A supplier's printed identity: the same supplier always looks the same."""

    font: str
    accent: str
    align_header: str
    city: str
    street: str
    phone: str
    tax_id: str
    register: str


FONTS = ("DejaVu Sans", "DejaVu Serif", "DejaVu Sans Condensed", "DejaVu Sans Mono")
ACCENTS = ("#1b4f8a", "#8a1b1b", "#1f6b3a", "#444444", "#6b3f1f", "#4b2c7a")
COUNTRY_CITIES = {
    "BJ": ("Parakou", "Bohicon", "Cotonou", "Natitingou", "Abomey"),
    "SN": ("Kaolack", "Tambacounda", "Dakar", "Thiès", "Fatick"),
    "EC": ("Cuenca", "Loja", "Azogues", "Saraguro"),
    "NI": ("Juigalpa", "Nueva Guinea", "Managua", "Acoyapa"),
    "BE": ("Gent", "Leuven", "Brussel", "Antwerpen", "Kortrijk", "Hasselt"),
}
STREETS = {
    "BJ": ("Quartier Zongo, BP {n}", "Carré {n}, quartier Albarika", "Route de Djougou, BP {n}"),
    "SN": ("Avenue Valdiodio Ndiaye, BP {n}", "Quartier Médina, Lot {n}", "Route de Nioro, BP {n}"),
    "EC": ("Av. Solano {n} y Remigio Crespo", "Calle Bolívar {n} y Benigno Malo", "Av. de las Américas {n}"),
    "NI": ("Del parque central {n} vrs. al sur", "Barrio San Antonio, casa {n}", "Km {n} carretera al Rama"),
    "BE": ("Kerkstraat {n}", "Stationsstraat {n}", "Industrieweg {n}", "Nieuwstraat {n}"),
}
PHONES = {
    "BJ": "+229 {a:02d} {b:02d} {c:02d} {d:02d}",
    "SN": "+221 77 {e:03d} {b:02d} {c:02d}",
    "EC": "(07) {e:03d} {f:04d}",
    "NI": "+505 2{e:03d} {f:04d}",
    "BE": "+32 9 {e:03d} {b:02d} {c:02d}",
}
PHONE_LABELS = {"fr": "Tél.", "es": "Tel.", "nl": "Tel."}
FLEMISH_POSTCODES = {
    "Anzegem": "8570",
    "Merelbeke": "9820",
    "Zoersel": "2980",
    "Roeselare": "8800",
    "Hoogstraten": "2320",
    "Zemst": "1980",
    "Sint-Niklaas": "9100",
    "Deinze": "9800",
    "Lievegem": "9920",
    "Bierbeek": "3360",
    "Sint-Truiden": "3800",
    "Mol": "2400",
}
CURRENCY_COUNTRY = {"XOF": "BJ", "USD": "EC", "NIO": "NI", "EUR": "BE"}
LANGUAGE_COUNTRY = {"fr": "BJ", "es": "EC", "nl": "BE"}


def _house(supplier, country):
    # A hash of the name rather than the rng: the supplier's letterhead does not change
    # from one invoice to the next.
    digest = zlib.crc32(supplier.encode())
    pick = random.Random(digest)  # nosec B311 # a letterhead, nothing secret
    n = pick.randrange(10, 999)
    phone = PHONES[country].format(
        a=pick.randrange(90, 99),
        b=pick.randrange(100),
        c=pick.randrange(100),
        d=pick.randrange(100),
        e=pick.randrange(100, 999),
        f=pick.randrange(10**4),
    )
    tax_ids = {
        "BJ": "IFU : 32%011d" % pick.randrange(10**10),
        "SN": "NINEA : %09d 2G3" % pick.randrange(10**8),
        "EC": "RUC: 01%08d001" % pick.randrange(10**8),
        "NI": "RUC: J03100000%05d" % pick.randrange(10**5),
        "BE": "BTW BE 0%03d.%03d.%03d" % (pick.randrange(200, 999), pick.randrange(1000), pick.randrange(1000)),
    }
    registers = {
        "BJ": "RCCM : RB/PKO/%02d A %d" % (pick.randrange(10, 24), pick.randrange(1000, 9999)),
        "SN": "RC : SN-KLK-20%02d-A-%d" % (pick.randrange(10, 24), pick.randrange(100, 999)),
        "EC": "Obligado a llevar contabilidad: %s" % pick.choice(("SI", "NO")),
        "NI": "Régimen: %s" % pick.choice(("Cuota fija", "General")),
        "BE": "RPR Gent, afdeling %s" % pick.choice(("Gent", "Kortrijk", "Brugge")),
    }
    return _House(
        font=FONTS[digest % len(FONTS)],
        accent=ACCENTS[(digest >> 4) % len(ACCENTS)],
        align_header=("left", "center", "right")[(digest >> 8) % 3],
        city=pick.choice(COUNTRY_CITIES[country]),
        street=pick.choice(STREETS[country]).format(n=n),
        phone=phone,
        tax_id=tax_ids[country],
        register=registers[country],
    )


def _country(line, layout_language):
    if line.get("country"):
        return line["country"]
    for country, kinds in LOCAL_SUPPLIERS.items():
        if any(line["supplier"] in names for names in kinds.values()):
            return country
    if layout_language == "nl":
        return "BE"
    return CURRENCY_COUNTRY.get(line["currency"], LANGUAGE_COUNTRY[layout_language])


# Amounts as each country prints them: (thousands separator, decimal mark, pattern).
AMOUNT_STYLES = {
    "XOF": ((" ", "", "{n} FCFA"), ("\u00a0", "", "{n} F CFA"), (".", "", "{n} FCFA"), (" ", "", "{n} F CFA")),
    "USD": ((".", ",", "$ {n}"), (".", ",", "USD {n}"), (",", ".", "$ {n}"), (".", ",", "{n} USD")),
    "NIO": ((".", ",", "C$ {n}"), (",", ".", "C$ {n}"), (".", ",", "C$ {n}")),
    "EUR": ((".", ",", "€ {n}"), (".", ",", "{n} EUR"), (".", ",", "€ {n}"), ("\u202f", ",", "{n} €")),
}
ZERO_DECIMAL_CURRENCIES = ("XOF",)


@dataclass(frozen=True)
class _Money:
    currency: str
    thousands: str
    decimal_mark: str
    pattern: str

    def number(self, amount):
        decimals = 0 if self.currency in ZERO_DECIMAL_CURRENCIES else 2
        quantum = Decimal(1).scaleb(-decimals)
        whole, _, fraction = format(abs(amount).quantize(quantum, ROUND_HALF_UP), "f").partition(".")
        groups = []
        while whole:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        text = self.thousands.join(groups) + (self.decimal_mark + fraction if decimals else "")
        return "-" + text if amount < 0 else text

    def text(self, amount):
        return self.pattern.format(n=self.number(amount))


def _money(currency, rng):
    styles = AMOUNT_STYLES.get(currency, ((".", ",", "{n} %s" % currency),))
    return _Money(currency, *rng.choice(styles))


LABELS = {
    "fr": {
        "title": ("FACTURE N° {n}", "Facture n° {n}", "FACTURE N° : {n}"),
        "credit": "FACTURE D'AVOIR N° {n}",
        "date": ("{city}, le {long}", "Date : {short}", "Date de facturation : {short}"),
        "to": ("Doit :", "Client :", "DOIT :"),
        "anonymous": "Client comptant",
        "columns": ("Désignation", "Qté", "P.U.", "Montant"),
        "net": "Total HT",
        "vat": "TVA {pct} %",
        "total": ("TOTAL TTC", "Net à payer", "Montant total", "TOTAL"),
        "signature": ("Le Gérant", "Le Directeur", "Le Fournisseur", "Pour l'entreprise"),
        "extras": ("Frais de transport et de livraison", "Main-d'œuvre", "Frais de manutention"),
    },
    "es": {
        "title": ("FACTURA No. {n}", "FACTURA N° {n}", "Factura No.: {n}"),
        "credit": "NOTA DE CRÉDITO No. {n}",
        "date": ("Fecha: {short}", "Fecha de emisión: {long}", "{city}, {long}"),
        "to": ("Cliente:", "Señor(es):", "Razón social:"),
        "anonymous": "Consumidor final",
        "columns": ("Descripción", "Cant.", "P. Unitario", "Total"),
        "net": "Subtotal",
        "vat": "IVA {pct}%",
        "total": ("TOTAL", "TOTAL A PAGAR", "VALOR TOTAL"),
        "signature": ("Firma autorizada", "Recibí conforme", "Entregué conforme"),
        "extras": ("Transporte y entrega", "Mano de obra", "Instalación"),
    },
    "nl": {
        "title": ("Factuurnummer: {n}", "Factuur nr. {n}", "Factuurnummer {n}"),
        "credit": "Creditnota nr. {n}",
        "date": ("Factuurdatum: {short}", "Factuurdatum: {long}", "Datum factuur: {short}"),
        "to": ("Factuur aan:", "Factuur aan", "Klant:"),
        "anonymous": "Contante verkoop",
        "columns": ("Omschrijving", "Aantal", "Eenheidsprijs", "Bedrag"),
        "net": "Totaal excl. btw",
        "vat": "Btw {pct}%",
        "total": ("Te betalen", "Totaal", "Totaal incl. btw"),
        "signature": (),
        "extras": ("Verzendkosten", "Administratiekosten", "Verplaatsingskosten"),
    },
}
HEADINGS = {"fr": "FACTURE", "es": "FACTURA", "nl": "FACTUUR"}
CREDIT_HEADINGS = {"fr": "AVOIR", "es": "NOTA DE CRÉDITO", "nl": "CREDITNOTA"}
CURRENCY_WORDS = {
    "fr": {"XOF": "francs CFA", "EUR": "euros", "USD": "dollars US"},
    "es": {"USD": "DÓLARES", "NIO": "CÓRDOBAS", "EUR": "EUROS"},
}
DAYS = re.compile(r"\b(\d+) (?:jours|días|dagen)\b")
PAYMENT_DAYS = 30


def _page_html(line, language, rng):
    labels = LABELS[language]
    country = _country(line, language)
    house = _house(line["supplier"] or "?", country)
    money = _money(line["currency"], rng)
    amount = line["amount"]
    is_credit = amount < 0
    vat = line.get("vat") or None
    net = amount - vat if vat else amount
    items = _items(line, net, labels, rng)
    day = line["invoice_date"]
    number = line["invoice_number"]
    months = get_month_names("wide", locale=language)
    short = rng.choice(("%02d/%02d/%04d", "%02d-%02d-%04d")) % (day.day, day.month, day.year)
    long = ("%d de %s de %d" if language == "es" else "%d %s %d") % (day.day, months[day.month], day.year)
    title = (labels["credit"] if is_credit else rng.choice(labels["title"])).format(n=number)
    dated = rng.choice(labels["date"]).format(city=house.city, long=long, short=short)
    addressee = line.get("addressed_to") or ""
    accent = house.accent
    esc = html.escape

    rows = "".join(
        "<tr><td>%s</td><td class=num>%s</td><td class=num>%s</td><td class=num>%s</td></tr>"
        % (esc(text), quantity, esc(money.number(unit)), esc(money.number(total)))
        for text, quantity, unit, total in items
    )
    totals = ""
    if vat:
        pct = round(vat * 100 / net) if net else 0
        totals += "<tr><td>%s</td><td class=num>%s</td></tr>" % (esc(labels["net"]), esc(money.text(net)))
        totals += "<tr><td>%s</td><td class=num>%s</td></tr>" % (
            esc(labels["vat"].format(pct=pct)),
            esc(money.text(vat)),
        )
    totals += "<tr class=total><td>%s</td><td class=num>%s</td></tr>" % (
        esc(rng.choice(labels["total"])),
        esc(money.text(amount)),
    )
    words = _amount_in_words(amount, line["currency"], language, money)
    heading = CREDIT_HEADINGS[language] if is_credit else HEADINGS[language]
    to_label = rng.choice(labels["to"])
    if addressee:
        to_block = "<p class=to><b>%s</b> %s<br>%s</p>" % (
            esc(to_label),
            esc(addressee),
            esc(_address_of(addressee, language)),
        )
    else:
        to_block = "<p class=to><b>%s</b> %s</p>" % (esc(to_label), esc(labels["anonymous"]))
    number_block = "<h2>%s</h2>" % esc(title)
    if language == "nl":
        due = day + timedelta(days=PAYMENT_DAYS)
        due_text = "%02d/%02d/%04d" % (due.day, due.month, due.year)
        number_block = "<h1 class=heading>%s</h1><p>%s<br>%s<br>Vervaldatum: %s</p>" % (
            heading,
            esc(title),
            esc(dated),
            due_text,
        )
        dated = ""
    footer = _footer(language, country, house, rng, number, is_credit=is_credit)
    signature = _signature_block(labels, house, line["supplier"], rng) if labels["signature"] else ""
    heading_html = "" if language == "nl" else "<h1 class=heading>%s</h1>" % heading
    return PAGE_TEMPLATE % {
        "lang": language,
        "font": house.font,
        "accent": accent,
        "align": house.align_header,
        "supplier": esc(line["supplier"] or ""),
        "initials": esc(_initials(line["supplier"])),
        "street": esc(house.street),
        "city": esc(house.city),
        "phone_label": PHONE_LABELS[language],
        "phone": esc(house.phone),
        "tax_id": esc(house.tax_id),
        "register": esc(house.register),
        "heading": heading_html,
        "number_block": number_block,
        "dated": "<p class=dated>%s</p>" % esc(dated) if dated else "",
        "to_block": to_block,
        "columns": "".join("<th>%s</th>" % esc(c) for c in labels["columns"]),
        "rows": rows,
        "totals": totals,
        "words": "<p class=words>%s</p>" % esc(words) if words else "",
        "signature": signature,
        "footer": esc(footer),
    }


PAGE_TEMPLATE = """<!doctype html>
<html lang="%(lang)s"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 16mm 17mm 14mm 17mm; }
body { font-family: "%(font)s"; font-size: 10.5pt; color: #1a1a1a; }
header { text-align: %(align)s; border-bottom: 2px solid %(accent)s; padding-bottom: 3mm; }
.logo { display: inline-block; width: 15mm; height: 15mm; line-height: 15mm; text-align: center;
  background: %(accent)s; color: white; font-weight: bold; font-size: 15pt; border-radius: 3mm; }
.supplier { font-size: 17pt; font-weight: bold; color: %(accent)s; margin: 2mm 0 1mm 0; }
.contact { font-size: 9pt; line-height: 1.35; }
.heading { font-size: 20pt; letter-spacing: 1pt; color: %(accent)s; margin: 7mm 0 1mm 0; }
h2 { font-size: 13pt; margin: 1mm 0; }
.to { margin: 6mm 0 5mm 50%%; padding: 3mm; border: 1px solid #999; }
table.items { width: 100%%; border-collapse: collapse; margin-top: 4mm; }
table.items th { background: %(accent)s; color: white; padding: 2mm; text-align: left; font-size: 9.5pt; }
table.items td { padding: 2mm; border-bottom: 1px solid #bbb; vertical-align: top; }
.num { text-align: right; white-space: nowrap; }
table.totals { margin: 4mm 0 0 auto; border-collapse: collapse; min-width: 45%%; }
table.totals td { padding: 1.5mm 2mm; }
tr.total td { font-weight: bold; font-size: 12.5pt; border-top: 2px solid %(accent)s; }
.words { margin-top: 6mm; font-style: italic; }
.signature { margin: 10mm 0 0 55%%; position: relative; height: 38mm; }
.stamp { position: absolute; left: 8mm; top: 6mm; width: 36mm; height: 36mm; border: 2.5px solid #2a43a8;
  border-radius: 50%%; color: #2a43a8; font-size: 7pt; text-align: center; opacity: 0.8;
  display: flex; flex-direction: column; justify-content: center; }
footer { position: absolute; bottom: 0; left: 0; right: 0; font-size: 8pt; color: #555;
  border-top: 1px solid #999; padding-top: 2mm; text-align: center; }
</style></head><body>
<header><span class=logo>%(initials)s</span>
<div class=supplier>%(supplier)s</div>
<div class=contact>%(street)s, %(city)s<br>%(phone_label)s %(phone)s<br>%(tax_id)s · %(register)s</div></header>
%(heading)s
%(number_block)s
%(dated)s
%(to_block)s
<table class=items><thead><tr>%(columns)s</tr></thead><tbody>%(rows)s</tbody></table>
<table class=totals>%(totals)s</table>
%(words)s
%(signature)s
<footer>%(footer)s</footer>
</body></html>
"""


def _items(line, net, labels, rng):
    """Return the invoice's item rows (text, quantity, unit price, total): they add up to `net`."""
    currency = line["currency"]
    step = Decimal("1") if currency in ZERO_DECIMAL_CURRENCIES else Decimal("0.01")
    description = line.get("description") or "-"
    extra = Decimal(0)
    if net > 0 and rng.random() < 0.35:
        round_to = Decimal("100") if currency in ZERO_DECIMAL_CURRENCIES else Decimal("1")
        share = Decimal(rng.randint(5, 20)) / 100
        extra = ((net * share) / round_to).quantize(Decimal(1), ROUND_HALF_UP) * round_to
        if extra <= 0 or extra >= net:
            extra = Decimal(0)
    main = net - extra
    days = DAYS.search(description)
    quantities = (
        [int(days.group(1))] if days else [q for q in (2, 3, 4, 5, 6, 10, 12, 20, 25, 50) if rng.random() < 0.3]
    )
    if main <= 0:
        quantities = []
    quantity = 1
    for candidate in quantities:
        unit = main / candidate
        if unit == unit.quantize(step) and unit != 0:
            quantity = candidate
            break
    rows = [(description, quantity, (main / quantity).quantize(step), main)]
    if extra:
        rows.append((rng.choice(labels["extras"]), 1, extra, extra))
    return rows


def _address_of(addressee, language):
    town = addressee.split(" de ", 1)[1] if " de " in addressee else addressee.split(" ", 1)[-1]
    if language == "nl":
        postcode = FLEMISH_POSTCODES.get(town, str(1000 + zlib.crc32(town.encode()) % 9000))
        return "Markt 1, %s %s" % (postcode, town)
    if language == "es":
        return "Palacio Municipal, %s" % town
    return "BP %d, %s" % (zlib.crc32(town.encode()) % 90 + 10, town)


def _initials(name):
    if not name:
        return ""
    words = [w for w in re.split(r"[\s&.'-]+", name) if w[:1].isupper() and w.lower() not in ("ets", "cía", "s.a")]
    return "".join(w[0] for w in words[:2]) or name[:1]


def _signature_block(labels, house, supplier, rng):
    """The signature, under a stamp with the supplier's name as shops in Benin and Senegal use."""
    points = [(10 + i * 18 + rng.randint(-4, 4), 22 + rng.randint(-12, 12)) for i in range(6)]
    path = "M %d %d " % points[0] + " ".join(
        "Q %d %d %d %d" % (x - 9, y + rng.randint(-15, 15), x, y) for x, y in points[1:]
    )
    stamp = ""
    if rng.random() < 0.7:
        stamp = '<div class=stamp style="transform: rotate(%ddeg)"><b>%s</b><br>%s<br>%s</div>' % (
            rng.randint(-25, 25),
            html.escape(supplier.upper()),
            html.escape(house.city),
            html.escape(house.phone),
        )
    return (
        '<div class=signature><p>%s</p>%s<svg width="130" height="50" viewBox="0 0 130 50">'
        '<path d="%s" stroke="#1a237e" stroke-width="1.6" fill="none"/></svg></div>'
    ) % (html.escape(rng.choice(labels["signature"])), stamp, path)


def _footer(language, country, house, rng, number, *, is_credit):
    if language == "nl" and is_credit:
        return "Dit bedrag wordt binnen %d dagen teruggestort op uw rekening." % PAYMENT_DAYS
    if language == "nl":
        iban = "BE%02d %04d %04d %04d" % (
            rng.randrange(10, 99),
            rng.randrange(10**4),
            rng.randrange(10**4),
            rng.randrange(10**4),
        )
        digits = "%010d" % (zlib.crc32(number.encode()) % 10**10)
        reference = "+++%s/%s/%s%02d+++" % (digits[:3], digits[3:7], digits[7:], int(digits) % 97 or 97)
        return "Gelieve te betalen binnen %d dagen op %s met vermelding van %s" % (PAYMENT_DAYS, iban, reference)
    if country == "EC":
        authorisation = "".join(str(rng.randrange(10)) for _ in range(49))
        return "AUTORIZACIÓN SRI: %s · Original: adquirente / Copia: emisor" % authorisation
    if country == "NI":
        return "Autorizado mediante resolución DGI No. %d · Original: cliente" % rng.randrange(10**6, 10**7)
    return "Merci de votre confiance · %s · %s" % (house.tax_id, house.register)


def _amount_in_words(amount, currency, language, money):
    if language == "nl" or amount <= 0:
        return ""
    whole = int(amount)
    cents = int((amount - whole) * 100)
    if language == "fr":
        unit = CURRENCY_WORDS["fr"].get(currency, currency)
        words = french_words(whole)
        if cents:
            return "Arrêtée la présente facture à la somme de %s %s et %s centimes (%s)." % (
                words,
                unit,
                french_words(cents),
                money.text(amount),
            )
        return "Arrêtée la présente facture à la somme de %s (%s) %s." % (words, money.number(amount), unit)
    unit = CURRENCY_WORDS["es"].get(currency, currency)
    return "SON: %s CON %02d/100 %s" % (spanish_words(whole).upper(), cents, unit)


# Amounts in words

_FR_UNITS = ("zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize").split()
_FR_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def french_words(n):
    """Write a whole number below a billion in French words: 1250000 -> "un million deux cent cinquante mille"."""
    if not 0 <= n < 10**9:
        raise ValueError("Only numbers from 0 to 999,999,999 are written in words.")
    if n == 0:
        return _FR_UNITS[0]
    millions, rest = divmod(n, 10**6)
    thousands, units = divmod(rest, 1000)
    parts = []
    if millions:
        parts.append("un million" if millions == 1 else _fr_below_1000(millions, final=True) + " millions")
    if thousands:
        # "Mille" never takes an s, and "cent" and "quatre-vingt" lose theirs before it.
        parts.append("mille" if thousands == 1 else _fr_below_1000(thousands, final=False) + " mille")
    if units:
        parts.append(_fr_below_1000(units, final=True))
    return " ".join(parts)


def _fr_below_1000(n, *, final):
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds == 1:
        parts.append("cent")
    elif hundreds:
        parts.append(_FR_UNITS[hundreds] + " cent" + ("s" if rest == 0 and final else ""))
    if rest:
        word = _fr_below_100(rest)
        parts.append(word[:-1] if word == "quatre-vingts" and not final else word)
    return " ".join(parts)


def _fr_below_100(n):
    if n <= 16:
        return _FR_UNITS[n]
    if n < 20:
        return "dix-" + _FR_UNITS[n - 10]
    tens, unit = divmod(n, 10)
    if tens == 7:
        return "soixante et onze" if unit == 1 else "soixante-" + _fr_below_100(n - 60)
    if tens == 8:
        return "quatre-vingts" if unit == 0 else "quatre-vingt-" + _FR_UNITS[unit]
    if tens == 9:
        return "quatre-vingt-" + _fr_below_100(n - 80)
    if unit == 0:
        return _FR_TENS[tens]
    return _FR_TENS[tens] + (" et un" if unit == 1 else "-" + _FR_UNITS[unit])


_ES_UNITS = (
    "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
    "dieciséis diecisiete dieciocho diecinueve veinte veintiuno veintidós veintitrés veinticuatro "
    "veinticinco veintiséis veintisiete veintiocho veintinueve"
).split()
_ES_TENS = {3: "treinta", 4: "cuarenta", 5: "cincuenta", 6: "sesenta", 7: "setenta", 8: "ochenta", 9: "noventa"}
_ES_HUNDREDS = {
    1: "ciento",
    2: "doscientos",
    3: "trescientos",
    4: "cuatrocientos",
    5: "quinientos",
    6: "seiscientos",
    7: "setecientos",
    8: "ochocientos",
    9: "novecientos",
}


def spanish_words(n):
    """Write a whole number below a billion in Spanish words: 1250 -> "mil doscientos cincuenta"."""
    if not 0 <= n < 10**9:
        raise ValueError("Only numbers from 0 to 999,999,999 are written in words.")
    if n == 0:
        return _ES_UNITS[0]
    millions, rest = divmod(n, 10**6)
    thousands, units = divmod(rest, 1000)
    parts = []
    if millions:
        parts.append("un millón" if millions == 1 else _es_shortened(_es_below_1000(millions)) + " millones")
    if thousands:
        parts.append("mil" if thousands == 1 else _es_shortened(_es_below_1000(thousands)) + " mil")
    if units:
        parts.append(_es_below_1000(units))
    return " ".join(parts)


def _es_below_1000(n):
    if n == 100:
        return "cien"
    hundreds, rest = divmod(n, 100)
    parts = [_ES_HUNDREDS[hundreds]] if hundreds else []
    if rest:
        tens, unit = divmod(rest, 10)
        parts.append(_ES_UNITS[rest] if rest < 30 else _ES_TENS[tens] + (" y " + _ES_UNITS[unit] if unit else ""))
    return " ".join(parts)


def _es_shortened(words):
    # "Uno" loses its last letter before a noun: "veintiún mil", "treinta y un mil".
    if words.endswith("veintiuno"):
        return words[:-9] + "veintiún"
    if words == "uno" or words.endswith(" uno"):
        return words[:-1]
    return words


# Scans and photos


def page_image(pdf, *, dpi):
    """Render the first page of `pdf` to an RGB image at `dpi`."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        image = page.render(scale=dpi / 72).to_pil().convert("RGB")
        page.close()
    finally:
        document.close()
    return image


def scanned_pdf(pdf, *, rng, when):
    """Return `pdf` as an office scanner gives it back: one grey picture per page, no text layer.

    The sheet lies slightly askew on the glass, the lamp leaves the paper a little grey and
    the scanner's JPEG compression softens the letters. `when` dates the file.
    """
    image = ImageOps.grayscale(page_image(pdf, dpi=SCAN_DPI))
    angle = rng.uniform(*SCAN_ROTATION_DEGREES) * rng.choice((-1, 1))
    image = image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.7)))
    image = ImageEnhance.Contrast(image).enhance(rng.uniform(0.75, 0.9))
    image = ImageEnhance.Brightness(image).enhance(rng.uniform(0.92, 1.0))
    image = _with_noise(image, rng, strength=0.04)
    stamp = time.struct_time((when.year, when.month, when.day, 10, 0, 0, 0, 1, 0))
    output = io.BytesIO()
    image.save(
        output,
        "PDF",
        resolution=SCAN_DPI,
        quality=rng.randint(*SCAN_JPEG_QUALITY),
        title="scan",
        creationDate=stamp,
        modDate=stamp,
    )
    return output.getvalue()


def photographed(pdf, *, rng, image_format="JPEG"):
    """Return a phone photo of the printed `pdf` lying on a desk, as JPEG (or PNG) bytes.

    The page is rotated 1-4 degrees, lit unevenly (a lamp on one side), blurred by the
    lens and the hand, lower in contrast, and the photo is at most MAX_SIDE_PIXELS a side:
    the size an upload is kept at (core.uploaded_files), so what is read is what is stored.
    """
    page = page_image(pdf, dpi=PHOTO_RENDER_DPI)
    long_side = round(max(page.size) / rng.uniform(*PHOTO_PAGE_SHARE))
    canvas_size = (round(long_side * 0.75), long_side)
    desk = tuple(rng.randint(lo, hi) for lo, hi in ((95, 160), (75, 125), (50, 95)))
    canvas = Image.new("RGB", canvas_size, desk)
    offset = (
        rng.randint(0, max(canvas_size[0] - page.width, 0)),
        rng.randint(0, max(canvas_size[1] - page.height, 0)),
    )
    paper = ImageEnhance.Color(page).enhance(0.9)
    canvas.paste(paper, offset)
    angle = rng.uniform(*PHOTO_ROTATION_DEGREES) * rng.choice((-1, 1))
    image = canvas.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=desk)
    image = ImageChops.multiply(image, _uneven_light(image.size, rng))
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(1.0, 2.0)))
    image = ImageEnhance.Contrast(image).enhance(rng.uniform(0.6, 0.8))
    scale = MAX_SIDE_PIXELS / max(image.size)
    image = image.resize((round(image.width * scale), round(image.height * scale)), Image.LANCZOS)
    image = _with_noise(image, rng, strength=0.05)
    output = io.BytesIO()
    if image_format == "PNG":
        image.save(output, "PNG", optimize=False)
    else:
        image.save(output, "JPEG", quality=rng.randint(*PHOTO_JPEG_QUALITY))
    return output.getvalue()


def _uneven_light(size, rng):
    """A light mask: bright where the lamp is, darker towards the far corner, a warm tint."""
    grid = Image.new("L", (3, 3))
    grid.putdata([rng.randint(165, 255) for _ in range(9)])
    light = grid.resize(size, Image.BICUBIC)
    tint = (255, rng.randint(238, 252), rng.randint(215, 240))
    return ImageChops.multiply(Image.merge("RGB", (light, light, light)), Image.new("RGB", size, tint))


def _with_noise(image, rng, *, strength):
    """Blend sensor noise into `image`, drawn from `rng` so that the bytes repeat for a seed."""
    noise = Image.frombytes("L", image.size, rng.randbytes(image.width * image.height))
    noise = noise.filter(ImageFilter.GaussianBlur(0.6))
    if image.mode == "RGB":
        noise = Image.merge("RGB", (noise, noise, noise))
    return Image.blend(image, noise, strength)
