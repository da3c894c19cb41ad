"""Empty the indicator values that can no longer be read back, keeping what was typed in the comment.

Before numbers were read by reporting.numbers, a partner could save NaN, an infinity or a
number wider than DecimalField(16, 4); on SQLite such a value is stored as REAL or text and
every read through the ORM then fails, so the rows are read here with raw SQL as text.
"""

from decimal import Decimal, InvalidOperation

from django.db import migrations

TABLES = ("reporting_indicatorvalue", "reporting_programmeindicatorvalue")
COLUMNS = ("value", "value_women", "value_men")
# 12 digits before the point, 4 after.
LARGEST = Decimal("999999999999.9999")
NOTE = "[Value removed because it could not be read back; it was typed as: {raw}. Please enter it again.]"


def _readable(raw):
    if raw is None:
        return True
    try:
        number = Decimal(str(raw).strip())
    except InvalidOperation:
        return False
    return number.is_finite() and abs(number) <= LARGEST


def repair_unreadable_values(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for table in TABLES:
            for column in COLUMNS:
                name, quoted_table = connection.ops.quote_name(column), connection.ops.quote_name(table)
                cursor.execute(f"SELECT id, CAST({name} AS TEXT), comment FROM {quoted_table} WHERE {name} IS NOT NULL")
                for pk, raw, comment in cursor.fetchall():
                    if _readable(raw):
                        continue
                    note = NOTE.format(raw=f"{column} = {raw}")
                    cursor.execute(
                        f"UPDATE {quoted_table} SET {name} = NULL, comment = %s WHERE id = %s",
                        ["\n".join(part for part in (comment, note) if part), pk],
                    )


class Migration(migrations.Migration):

    dependencies = [
        ("reporting", "0011_programme_value_text_language"),
    ]

    operations = [
        migrations.RunPython(repair_unreadable_values, migrations.RunPython.noop),
    ]
