"""Update many rows of one table in few statements.

Django's bulk_update writes one CASE expression per field and row, which for a
100,000-line claim costs seconds. Both databases we run on (SQLite >= 3.33 and
PostgreSQL) can instead join the table to a VALUES list in one UPDATE ... FROM.
"""

from django.db import connection

CHUNK_ROWS = 2_000


def bulk_update_rows(model, rows, fields):
    """Set `fields` of the rows of `model` whose primary keys lead each tuple of `rows`.

    `rows` is an iterable of tuples (pk, value of fields[0], value of fields[1], ...).
    """
    if connection.vendor not in {"sqlite", "postgresql"}:
        _fallback(model, rows, fields)
        return
    meta = model._meta
    table = connection.ops.quote_name(meta.db_table)
    pk_column = connection.ops.quote_name(meta.pk.column)
    model_fields = [meta.get_field(name) for name in fields]
    names = ["id", *(f"v{index}" for index in range(len(fields)))]
    assignments = ", ".join(
        f"{connection.ops.quote_name(field.column)} = CAST(v.{name} AS {field.db_type(connection)})"
        for field, name in zip(model_fields, names[1:])
    )
    placeholders = "(" + ", ".join(["%s"] * len(names)) + ")"
    rows = list(rows)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK_ROWS):
            chunk = rows[start : start + CHUNK_ROWS]
            params = []
            for row in chunk:
                params.append(row[0])
                params.extend(
                    field.get_db_prep_save(value, connection) for field, value in zip(model_fields, row[1:])
                )
            cursor.execute(
                f"WITH v({', '.join(names)}) AS (VALUES {', '.join([placeholders] * len(chunk))}) "
                f"UPDATE {table} SET {assignments} FROM v WHERE {table}.{pk_column} = v.id",
                params,
            )


def _fallback(model, rows, fields):
    objects = []
    for row in rows:
        instance = model(pk=row[0])
        for name, value in zip(fields, row[1:]):
            setattr(instance, name, value)
        objects.append(instance)
    model.objects.bulk_update(objects, fields, batch_size=CHUNK_ROWS)
