"""Text from the partners made fit for XML and spreadsheet files.

XML 1.0 forbids most control characters, the surrogates and U+FFFE/U+FFFF, and an XLSX
workbook is XML inside (openpyxl refuses the same control characters with
IllegalCharacterError). Partners paste such characters from Word and PDFs without seeing
them: a line break typed with Shift+Enter is a vertical tab. Every file the application
writes for others to read passes its text through printable_text, so that one pasted
character cannot make the IATI file invalid or a download fail.
"""

import re

# Word's manual line break (vertical tab) and a page break (form feed) separate lines
# for the writer: they become the line break XML allows, not nothing.
LINE_BREAKS = re.compile("[\x0b\x0c]")
# What XML 1.0 (section 2.2, Char) does not allow; tab, newline and carriage return are allowed.
NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def printable_text(value):
    """Return `value` without the characters XML 1.0 and XLSX forbid; a value that is not text is returned as it is."""
    if not isinstance(value, str):
        return value
    return NOT_XML.sub("", LINE_BREAKS.sub("\n", value))


FORMULA_STARTS = ("=", "+", "-", "@")


def safe_text(value):
    """Keep text from the municipalities as text a workbook can hold.

    Cleaned of the characters XLSX forbids (printable_text), and quoted when it
    starts like a formula: a spreadsheet would run "=..." as one.
    """
    value = printable_text(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
