"""A passage of text shown in a report's language: a translation, or the original marked as such.

The original of a partner's or the team's text is always kept; a report shows
the staff's translation into its language, and otherwise the original marked with
its language.
"""

from dataclasses import dataclass

from babel import Locale


@dataclass(frozen=True)
class Passage:
    section: str
    text: str
    # The language of the text when it is not the report's own, to mark it as an original.
    original_language: str = ""


def language_name(code, in_language):
    """The name of a language written in another one, from CLDR (e.g. 'Frans' for fr in nl)."""
    return Locale.parse(in_language).languages.get(code, code)


def passage_in(section, language, original, original_language, translation, translation_language):
    """The passage a reader of `language` sees of a text and its (optional) staff translation."""
    if original_language == language or not (translation or original):
        return Passage(section, original)
    if translation_language == language and translation:
        return Passage(section, translation)
    return Passage(section, original, original_language=original_language)
