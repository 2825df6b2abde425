"""Many rows into one SQLite table at the driver's speed, stored exactly as SQLAlchemy's
`conn.execute(insert(table), rows)` stores them.

For a few thousand rows SQLAlchemy's executemany spends more time building each row's
parameters (compiled-parameter construction, per-value processing in Python) than SQLite
spends inserting them: ~1 s of a 10k-sale upload at HQ (bench sync). Here an INSERT's text
and its per-column bind processors are built once per table and column set, values go
through the same processors (aware datetimes become the same UTC text), columns the rows
leave out get their column default as SQLAlchemy would give it, and a driver error is
raised as SQLAlchemy's (IntegrityError, OperationalError …) so callers catch the same
exceptions. SQLite only: other databases keep going through SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError


@dataclass(frozen=True)
class InsertPlan:
    sql: str
    values_of: Callable[[Mapping[str, Any]], tuple[Any, ...]]  # given columns, in order
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]  # (position, bind processor)
    defaults: tuple[Callable[[], Any], ...]  # appended after the given columns


def _default(column: Any) -> Callable[[], Any] | None:
    """The column's Python-side default as a no-argument function (None: it has none, or
    the database fills it: server defaults, autoincrement keys)."""
    default = column.default
    if default is None or getattr(default, "is_sequence", False):
        return None
    if default.is_scalar:
        value = default.arg
        return lambda: value
    if default.is_callable:
        fn = default.arg
        return lambda: fn(None)  # SQLAlchemy wraps a no-argument callable to take a context
    return None  # a SQL expression default: left to SQLAlchemy's own path


@lru_cache(maxsize=128)
def insert_plan(table: Table, columns: tuple[str, ...], dialect: Dialect,
                fill_defaults: bool = True) -> InsertPlan | None:
    """The plan for rows with exactly `columns` (keys that are not columns are ignored, as
    SQLAlchemy ignores them); None when a left-out column has a default only SQL can give."""
    given = tuple(name for name in columns if name in table.c)
    extra: list[tuple[str, Callable[[], Any]]] = []
    if fill_defaults:
        for column in table.c:
            if column.name in given or column.default is None:
                continue
            fn = _default(column)
            if fn is None:
                return None
            extra.append((column.name, fn))
    names = given + tuple(name for name, _fn in extra)
    processors = tuple(
        (i, proc) for i, name in enumerate(names)
        if (proc := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
        is not None)
    values_of = (itemgetter(*given) if len(given) > 1
                 else (lambda row: (row[given[0]],)) if given else (lambda row: ()))
    quoted = ", ".join(f'"{name}"' for name in names)
    return InsertPlan(
        f'INSERT INTO "{table.name}" ({quoted}) VALUES ({", ".join("?" * len(names))})',
        values_of, processors, tuple(fn for _name, fn in extra))


def bound(plan: InsertPlan, rows: Sequence[Mapping[str, Any]]) -> list[Sequence[Any]]:
    """Each row's parameters as the driver takes them, processed as SQLAlchemy would; the
    same value object in consecutive rows (one time for a sale's rows) is processed once."""
    out: list[Sequence[Any]] = []
    done: dict[int, tuple[Any, Any]] = {}  # position → (value, processed) of the last row
    for row in rows:
        params: Sequence[Any] = plan.values_of(row)
        if plan.defaults:
            params = (*params, *(fn() for fn in plan.defaults))
        if plan.processors:
            params = list(params)
            for i, proc in plan.processors:
                value = params[i]
                if value is None:
                    continue
                last = done.get(i)
                if last is not None and last[0] is value:
                    params[i] = last[1]
                else:
                    params[i] = processed = proc(value)
                    done[i] = (value, processed)
        out.append(params)
    return out


def as_sqlalchemy(sql: str, exc: sqlite3.Error) -> DBAPIError:
    """A driver error as SQLAlchemy would raise it (IntegrityError, OperationalError …)."""
    return DBAPIError.instance(sql, None, exc, sqlite3.Error)


def insert_rows(driver: sqlite3.Connection, table: Table, rows: Sequence[Mapping[str, Any]],
                dialect: Dialect) -> bool:
    """INSERT `rows` (all with the keys of the first) on the driver, inside whatever
    transaction it is in. False (nothing done) when the table needs SQLAlchemy's own path."""
    if not rows:
        return True
    plan = insert_plan(table, tuple(rows[0]), dialect)
    if plan is None:
        return False
    try:
        values = bound(plan, rows)
    except KeyError:  # a later row lacks a key: SQLAlchemy's path says so in its own words
        return False
    try:
        driver.executemany(plan.sql, values)
    except sqlite3.Error as exc:
        raise as_sqlalchemy(plan.sql, exc) from exc
    return True
