"""Marking of the engine's message ids for translation, without importing Django.

Every message of a rule is wrapped in gettext_noop where the rule defines it, so that
`makemessages` extracts it; the service layer translates it in the reader's language
when it shows a finding. Placeholders are named (%(name)s), never f-strings.
"""


def gettext_noop(message):
    """Return the message untouched: it is only marked for extraction here."""
    return message
