"""Writing rows: ids chosen ahead, COPY into a table, and picking members."""

import random

from django.db import connection


def first_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
        return cursor.fetchone()[0]


def _defaults_of_new_columns(table: str, columns: list[str]) -> dict:
    """Required columns this loader does not write (added by a later migration), with
    their model field's default, so that the load keeps working; each is reported."""
    from django.apps import apps

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
            "AND is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO'",
            [table],
        )
        missing = [name for (name,) in cursor.fetchall() if name not in columns]
    if not missing:
        return {}
    model = next(m for m in apps.get_models() if m._meta.db_table == table)
    defaults = {}
    for column in missing:
        field = next(f for f in model._meta.concrete_fields if f.column == column)
        defaults[column] = field.get_db_prep_save(field.get_default(), connection)
        print(f"bench: {table}.{column} is not written by the loader: its default is used")
    return defaults


def copy_rows(table: str, columns: list[str], rows) -> int:
    """COPY rows (tuples in ``columns`` order) into ``table``; then move its id sequence on."""
    extra = _defaults_of_new_columns(table, columns)
    if extra:
        values = tuple(extra.values())
        rows = (tuple(row) + values for row in rows)
        columns = [*columns, *extra]
    quoted = ", ".join(f'"{column}"' for column in columns)
    written = 0
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
        if "id" in columns:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))",
                [table],
            )
    return written


def skewed(rng: random.Random, ids: list[int], power: float = 2.2) -> int:
    """A member id where a few members are very active and most are not."""
    return ids[int(len(ids) * rng.random() ** power)]


def distinct(rng: random.Random, ids: list[int], count: int) -> list[int]:
    return rng.sample(ids, min(count, len(ids)))
