"""BENEFICIARY: invoices are made out to a municipality or association of the partnership."""

import re

from grants.eligibility.message_ids import gettext_noop
from grants.eligibility.rules.base import Rule
from grants.eligibility.word_matching import normalize

_WORD = re.compile(r"\w+")


def as_words(text):
    """Return `text` as its words without case or accents, one space apart and around."""
    return " %s " % " ".join(_WORD.findall(normalize(text)))


class BeneficiaryRule(Rule):
    """Warn when an invoice is addressed to someone else than a beneficiary of the partnership.

    A name matches as whole words either way, without case, accents or punctuation:
    "Mairie de Pèrèrè" is addressed to "Pèrèrè". An empty addressee passes.
    """

    code = "BENEFICIARY"
    SOMEONE_ELSE = gettext_noop(
        # Translators: %(addressed_to)s is the addressee as written on the invoice.
        "The invoice is addressed to %(addressed_to)s, not to a municipality or association of the partnership."
    )

    def judge(self, lines, claim, params):
        names = [name for name in map(as_words, claim.beneficiary_names) if name.strip()]
        for line in lines:
            addressed_to = line.invoice.addressed_to
            if not addressed_to.strip():
                continue
            addressee = as_words(addressed_to)
            if not any(name in addressee or addressee in name for name in names):
                yield self.warn(line, self.SOMEONE_ELSE, addressed_to=addressed_to)
