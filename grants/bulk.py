"""Write many rows of one table in few statements, without building model instances.

Django's bulk_create and bulk_update prepare every value of every row through the
field (and bulk_update writes a CASE expression per row and field): for a
100,000-line claim that costs tens of seconds. Here values of plain types go to the
driver as they are (Django registers the SQLite adapters for Decimal and date; psycopg
knows them), and updates join the table to a VALUES list in one UPDATE ... FROM, which
SQLite (>= 3.33) and PostgreSQL both understand.
"""

from itertools import islice

from django.db import connection, models

CHUNK_ROWS = 2_000
PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.DecimalField,
    models.DateField,
    models.BooleanField,
    models.ForeignKey,
)


def _converters(fields):
    """One function per field: identity for plain types, the field's own preparation otherwise."""
    converters = []
    for field in fields:
        if isinstance(field, PLAIN_FIELDS) and not isinstance(field, models.DateTimeField):
            converters.append(None)
        elif isinstance(field, models.JSONField):
            # What the field's preparation comes down to for a plain value, without its
            # three calls per row: a claim's findings carry 100,000 of them and more.
            converters.append(lambda value, encoder=field.encoder: connection.ops.adapt_json_value(value, encoder))
        else:
            converters.append(lambda value, field=field: field.get_db_prep_save(value, connection))
    return converters


def _prepared(row, converters):
    return [value if convert is None else convert(value) for value, convert in zip(row, converters)]


def bulk_insert_rows(model, field_names, rows):
    """Insert `rows` (tuples in the order of `field_names`) into the table of `model`."""
    meta = model._meta
    fields = [meta.get_field(name) for name in field_names]
    converters = _converters(fields)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    values = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({values})"  # nosec B608 # names quoted from _meta, values are parameters
    plain = all(convert is None for convert in converters)
    with connection.cursor() as cursor:
        batch = []
        for row in rows:
            batch.append(row if plain else _prepared(row, converters))
            if len(batch) == CHUNK_ROWS * 5:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def bulk_update_rows(model, rows, fields):
    """Set `fields` of the rows of `model` whose primary keys lead each tuple of `rows`.

    `rows` is an iterable of tuples (pk, value of fields[0], value of fields[1], ...).
    """
    meta = model._meta
    model_fields = [meta.get_field(name) for name in fields]
    converters = [None, *_converters(model_fields)]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = ["id", *(f"v{index}" for index in range(len(fields)))]
    assignments = ", ".join(
        f"{quote(field.column)} = CAST(v.{name} AS {field.db_type(connection)})"
        for field, name in zip(model_fields, names[1:])
    )
    placeholders = "(" + ", ".join(["%s"] * len(names)) + ")"
    rows = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(islice(rows, CHUNK_ROWS)):
            params = [value for row in chunk for value in _prepared(row, converters)]
            sql = "WITH v({}) AS (VALUES {}) UPDATE {} SET {} FROM v WHERE {}.{} = v.id".format(  # nosec B608 # names quoted from _meta, values are parameters
                ", ".join(names),
                ", ".join([placeholders] * len(chunk)),
                table,
                assignments,
                table,
                quote(meta.pk.column),
            )
            cursor.execute(sql, params)
