"""KEYWORDS: descriptions that name a never-eligible kind of cost (fines, interest, alcohol...)."""

from grants.eligibility.message_ids import gettext_noop
from grants.eligibility.rules.base import Rule
from grants.eligibility.word_matching import DEFAULT_INELIGIBLE, word_list


class KeywordsRule(Rule):
    """Warn when a description names a never-eligible kind of cost, in nl, fr, es or en.

    Whole words, without case or accents. A word is only a hint (a "fine" can be fine
    sand), so the auditor decides. The programme's lists replace the built-in ones.
    """

    code = "KEYWORDS"
    KIND_NAMED = {
        "fines": gettext_noop("The description mentions %(words)s: fines and penalties are never eligible."),
        "interest": gettext_noop("The description mentions %(words)s: interest is never eligible."),
        "exchange_losses": gettext_noop("The description mentions %(words)s: exchange losses are never eligible."),
        "provisions": gettext_noop("The description mentions %(words)s: provisions are never eligible."),
        "alcohol": gettext_noop("The description mentions %(words)s: alcoholic drinks are never eligible."),
        "gifts": gettext_noop("The description mentions %(words)s: personal gifts are never eligible."),
        "structural_costs": gettext_noop("The description mentions %(words)s: structural costs are never eligible."),
    }
    # Several kinds at once, or a kind the programme added.
    NEVER_ELIGIBLE = gettext_noop(
        # Translators: %(words)s are words quoted from the invoice description, e.g. "bière, vin".
        "The description mentions %(words)s: costs of this kind are never eligible."
    )

    def judge(self, lines, claim, params):
        word_lists = _word_lists(params)
        # Most descriptions name no such word: one search over all the lists settles them.
        any_word = word_list(tuple(word for _, words in word_lists for word in words.words))
        for line in lines:
            if not any_word.matches(line.text):
                continue
            found = {}
            for kind, words in word_lists:
                named = words.found_in(line.text)
                if named:
                    found[kind] = named
            if not found:
                continue
            message = self.KIND_NAMED.get(next(iter(found))) if len(found) == 1 else None
            yield self.warn(
                line,
                message or self.NEVER_ELIGIBLE,
                words=", ".join(word for words in found.values() for word in words),
                kinds=", ".join(found),
            )


def _word_lists(params):
    """Return (kind, WordList) pairs in a fixed order: the programme's, else the built-in ones."""
    if not params.ineligible_keywords:
        return sorted(DEFAULT_INELIGIBLE.items(), key=lambda pair: pair[0])
    return [(kind, word_list(tuple(words))) for kind, words in sorted(params.ineligible_keywords.items())]
