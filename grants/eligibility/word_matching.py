"""Words the rules look for in invoice descriptions (nl, fr, es, en), and how they match.

A word or phrase matches whole, without case or accents: "Bière" and "BIERE" are "bière",
"vinyl" is not "vin". Phrases match across spaces or hyphens ("per-diem" is "per diem").
Programme parameters replace these lists when they give their own.
"""

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

# Never-eligible kinds of cost (DGD rules): per kind, the words in nl, fr, es and en.
INELIGIBLE_KEYWORDS = {
    "fines": (
        "boete",
        "boetes",
        "amende",
        "amendes",
        "pénalité",
        "pénalités",
        "multa",
        "multas",
        "penalización",
        "penalizaciones",
        "fine",
        "fines",
        "penalty",
        "penalties",
    ),
    "interest": (
        "rente",
        "intresten",
        "verwijlintresten",
        "intérêts",
        "intereses",
        "interest",
    ),
    "exchange_losses": (
        "wisselkoersverlies",
        "wisselkoersverliezen",
        "perte de change",
        "pertes de change",
        "pérdida cambiaria",
        "pérdidas cambiarias",
        "exchange loss",
        "exchange losses",
    ),
    "provisions": (
        "provisie",
        "provisies",
        "provision",
        "provisions",
        "provisión",
        "provisiones",
    ),
    "alcohol": (
        "alcohol",
        "bier",
        "wijn",
        "alcool",
        "bière",
        "bières",
        "vin",
        "vins",
        "cerveza",
        "cervezas",
        "vino",
        "vinos",
        "licor",
        "beer",
        "wine",
        "champagne",
        "whisky",
        "liquor",
    ),
    "gifts": (
        "cadeau",
        "cadeaus",
        "geschenk",
        "geschenken",
        "cadeaux",
        "regalo",
        "regalos",
        "obsequio",
        "obsequios",
        "gift",
        "gifts",
    ),
    "structural_costs": (
        "structurele kosten",
        "coûts structurels",
        "frais de structure",
        "costos estructurales",
        "costes estructurales",
        "structural costs",
        "overhead",
    ),
}

PER_DIEM_KEYWORDS = (
    "dagvergoeding",
    "dagvergoedingen",
    "indemnité journalière",
    "indemnités journalières",
    "viático",
    "viáticos",
    "per diem",
    "per diems",
    "perdiem",
    "perdiems",
    "daily allowance",
    "daily allowances",
)

# LODGING (PER_DIEM): a hotel or other lodging, judged per night against the destination's maximum.
LODGING_KEYWORDS = (
    "logies",
    "hotel",
    "hotelkosten",
    "overnachting",
    "overnachtingen",
    "hôtel",
    "hébergement",
    "logement",
    "nuitée",
    "nuitées",
    "alojamiento",
    "hospedaje",
    "lodging",
    "accommodation",
)
# Units of a number of nights ("3 nuits", "2 nachten", "3 noches", "4 nights").
NIGHT_WORDS = ("nacht", "nachten", "nuit", "nuits", "noche", "noches", "night", "nights")

# Units of a number of days in a description ("2 dagen", "3 jours", "5 días", "4 days");
# accents are ignored, so "dias" is "días".
DAY_WORDS = ("dag", "dagen", "jour", "jours", "día", "días", "day", "days")

# TRAVEL_CLASS: a class above economy, only where the description speaks of flying.
PREMIUM_CLASS_WORDS = (
    "eerste klas",
    "eerste klasse",
    "première classe",
    "classe affaires",
    "primera clase",
    "clase ejecutiva",
    "business",
    "business class",
    "businessclass",
    "first class",
)
AIR_TRAVEL_WORDS = (
    "vlucht",
    "vluchten",
    "vliegtuig",
    "vliegticket",
    "vliegtuigticket",
    "vol",
    "vols",
    "avion",
    "billet d'avion",
    "billets d'avion",
    "vuelo",
    "vuelos",
    "boleto aéreo",
    "boletos aéreos",
    "pasaje aéreo",
    "pasajes aéreos",
    "flight",
    "flights",
    "plane",
    "air ticket",
)

# AMOUNT: what makes a negative line a credit note.
CREDIT_NOTE_WORDS = (
    "creditnota",
    "creditnote",
    "note de crédit",
    "avoir",
    "nota de crédito",
    "credit note",
)

_SEPARATOR = re.compile(r"[\s\-]+")


def _strip_accents(char):
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(part for part in decomposed if not unicodedata.combining(part))


# Accented Latin letters mapped to their base letters once, so that each description is
# folded by one str.translate in C rather than character by character in Python.
_ACCENTS = {code: _strip_accents(chr(code)) for code in range(0x80, 0x250) if _strip_accents(chr(code)) != chr(code)}
_ACCENTS[ord("\u2019")] = "'"


def normalize(text):
    """Return `text` without accents and case, with typographic apostrophes made plain."""
    if text.isascii():
        return text.casefold()
    folded = text.translate(_ACCENTS)
    if not folded.isascii():
        folded = _strip_accents(folded)
    return folded.casefold()


class WordList:
    """Words and phrases, matched whole in a normalized text by one precompiled regex."""

    def __init__(self, words):
        self.words = tuple(words)
        self._by_key = {_key(normalize(word)): word for word in words if word.strip()}
        # Longest first, so that the phrase reported is "per diems" rather than "per diem".
        alternatives = sorted(self._by_key, key=lambda key: (-len(key), key))
        self._pattern = (
            re.compile(r"(?<!\w)(?:%s)(?!\w)" % "|".join(map(_phrase, alternatives))) if alternatives else None
        )

    def matches(self, text):
        """Tell whether `text` (normalized) contains any word of the list."""
        return self._pattern is not None and self._pattern.search(text) is not None

    def found_in(self, text):
        """Return the words of the list that `text` (normalized) contains, in order, once each."""
        # Most descriptions name none of the words: one search settles them.
        if self._pattern is None or self._pattern.search(text) is None:
            return ()
        keys = dict.fromkeys(_key(match.group()) for match in self._pattern.finditer(text))
        return tuple(self._by_key[key] for key in keys)


def _key(normalized_word):
    return _SEPARATOR.sub(" ", normalized_word.strip())


def _phrase(key):
    return r"[\s\-]+".join(map(re.escape, key.split(" ")))


@lru_cache(maxsize=128)
def word_list(words):
    """Return the compiled WordList of a tuple of words; programme lists compile once."""
    return WordList(words)


DEFAULT_INELIGIBLE = {kind: word_list(words) for kind, words in INELIGIBLE_KEYWORDS.items()}
DEFAULT_PER_DIEM = word_list(PER_DIEM_KEYWORDS)
PREMIUM_CLASS = word_list(PREMIUM_CLASS_WORDS)
AIR_TRAVEL = word_list(AIR_TRAVEL_WORDS)
CREDIT_NOTE = word_list(CREDIT_NOTE_WORDS)
LODGING = word_list(LODGING_KEYWORDS)


def _count_pattern(words):
    units = sorted({re.escape(normalize(word)) for word in words}, key=lambda w: (-len(w), w))
    return re.compile(r"(?<![\d.,])(\d+(?:[.,]\d+)?)\s*(?:%s)(?!\w)" % "|".join(units))


_DAYS = _count_pattern(DAY_WORDS)
_NIGHTS = _count_pattern(NIGHT_WORDS)


def days_in(text):
    """Return the number of days a normalized description gives, or None.

    Several mentions add up ("2 jours à Cotonou, 3 jours à Parakou" is 5 days); half days
    are written with a decimal point or comma ("1,5 jours").
    """
    return _count_in(_DAYS, text)


def nights_in(text):
    """Return the number of nights a normalized description gives ("3 nuits"), or None."""
    return _count_in(_NIGHTS, text)


def _count_in(pattern, text):
    numbers = [Decimal(match.group(1).replace(",", ".")) for match in pattern.finditer(text)]
    return sum(numbers) if numbers else None
