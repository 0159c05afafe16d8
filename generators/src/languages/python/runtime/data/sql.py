# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""Building the SQL of table reads from identifiers.

The data functions first check every identifier against the spec's own pattern
(``x-bd-data`` parameters). These functions check again, against the narrowest
rule BigQuery names can follow here, so that no spec change can ever let a
quote, a backtick, a dot or a look-alike letter into generated SQL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["UnsafeIdentifierError", "select_table_sql", "table_reference"]

_DATASET_OR_TABLE = re.compile(r"[A-Za-z0-9_]{1,1024}", re.ASCII)
_PROJECT = re.compile(r"[a-z][a-z0-9-]{0,61}[a-z0-9]", re.ASCII)


class UnsafeIdentifierError(ValueError):
    """An identifier that cannot go into SQL as it is."""


def _check(value: str, rule: re.Pattern[str], what: str) -> str:
    if not isinstance(value, str) or not rule.fullmatch(value):
        raise UnsafeIdentifierError(f"{what} {value!r} is not a plain identifier ({rule.pattern}); refusing to build SQL with it")
    return value


def table_reference(project: str, dataset_id: str, table_id: str) -> str:
    """The quoted BigQuery name of a table: ```project.dataset.table```.

    Raises
    ------
    UnsafeIdentifierError
        When a part holds anything but the characters BigQuery names are made of.
    """
    _check(project, _PROJECT, "project")
    _check(dataset_id, _DATASET_OR_TABLE, "dataset id")
    _check(table_id, _DATASET_OR_TABLE, "table id")
    return f"`{project}.{dataset_id}.{table_id}`"


def select_table_sql(
    project: str,
    dataset_id: str,
    table_id: str,
    columns: Sequence[str] | None = None,
    limit: int | None = None,
) -> str:
    """``SELECT <columns> FROM <table> [LIMIT n]``, every identifier checked and quoted.

    Raises
    ------
    UnsafeIdentifierError
        For an unsafe identifier, or a limit that is not a positive integer.
    """
    table = table_reference(project, dataset_id, table_id)
    selected = ", ".join(f"`{_check(c, _DATASET_OR_TABLE, 'column')}`" for c in columns) if columns else "*"
    sql = f"SELECT {selected} FROM {table}"
    if limit is not None:
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise UnsafeIdentifierError(f"limit must be a positive integer, got {limit!r}")
        sql += f" LIMIT {int(limit)}"
    return sql
