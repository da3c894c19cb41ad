"""TRAVEL_CLASS: air travel is eligible in economy class."""

from grants.eligibility.message_ids import gettext_noop
from grants.eligibility.rules.base import LineRule
from grants.eligibility.word_matching import AIR_TRAVEL, PREMIUM_CLASS


class TravelClassRule(LineRule):
    """Warn when a description speaks of a flight in business or first class.

    Both must appear: "business" alone is no flight, and a flight alone is economy.
    """

    code = "TRAVEL_CLASS"
    ABOVE_ECONOMY = gettext_noop(
        # Translators: %(travel_class)s is quoted from the description, e.g. "business class".
        "The description mentions air travel in %(travel_class)s: only economy class is eligible."
    )

    def check(self, line, claim, params):
        classes = PREMIUM_CLASS.found_in(line.text)
        if not classes or not AIR_TRAVEL.found_in(line.text):
            return None
        return self.warn(line, self.ABOVE_ECONOMY, travel_class=classes[0])
