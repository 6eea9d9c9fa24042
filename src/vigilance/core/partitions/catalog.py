"""What PostgreSQL's catalogue says about a table: its partitions, and the definitions of its
indexes, constraints, triggers, sequence and privileges, as SQL that re-creates them.

Read rather than listed by hand, so that a conversion carries over whatever the table holds when
it runs, including indexes added by later migrations.
"""

# The SQL names tables and columns of the partitioned tables and of the catalogue, never input.
# ruff: noqa: S608

from dataclasses import dataclass, field

from django.db.backends.utils import CursorWrapper


@dataclass(frozen=True)
class Constraint:
    name: str
    kind: str  # "p" primary key, "u" unique, "f" foreign key, "x" exclusion
    definition: str  # as pg_get_constraintdef writes it: "PRIMARY KEY (id)"
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Trigger:
    name: str
    definition: str  # CREATE TRIGGER ...
    is_row: bool
    is_enabled: bool


@dataclass
class TableShape:
    """Everything about a table that a rebuild must put back."""

    table: str
    owner: str
    columns: list[str]
    indexes: list[tuple[str, bool]] = field(default_factory=list)  # (CREATE INDEX ..., unique)
    constraints: list[Constraint] = field(default_factory=list)
    triggers: list[Trigger] = field(default_factory=list)
    grants: list[str] = field(default_factory=list)  # GRANT ... ON <table> TO ...
    sequence: str | None = None
    sequence_value: tuple[int, bool] | None = None  # (last_value, is_called)


def is_partitioned(cursor: CursorWrapper, table: str) -> bool:
    cursor.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s))",
        [table],
    )
    return bool(cursor.fetchone()[0])


def partitions_of(cursor: CursorWrapper, table: str) -> list[str]:
    cursor.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = to_regclass(%s) ORDER BY c.relname",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def table_shape(cursor: CursorWrapper, table: str) -> TableShape:
    cursor.execute(
        "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = to_regclass(%s)", [table]
    )
    owner = cursor.fetchone()[0]
    shape = TableShape(table=table, owner=owner, columns=columns_of(cursor, table))
    # Indexes that no constraint owns (a constraint re-creates its own).
    cursor.execute(
        "SELECT pg_get_indexdef(i.indexrelid), i.indisunique FROM pg_index i "
        "WHERE i.indrelid = to_regclass(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
        "WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype <> 'f') "
        "ORDER BY i.indexrelid",
        [table],
    )
    shape.indexes = [(definition, unique) for definition, unique in cursor.fetchall()]
    cursor.execute(
        "SELECT c.conname, c.contype, pg_get_constraintdef(c.oid), "
        "ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n) "
        "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.n) "
        "FROM pg_constraint c WHERE c.conrelid = to_regclass(%s) AND c.contype IN "
        "('p', 'u', 'f', 'x') AND c.conparentid = 0 ORDER BY c.contype DESC, c.oid",
        [table],
    )
    shape.constraints = [
        Constraint(name=name, kind=kind, definition=definition, columns=tuple(columns))
        for name, kind, definition, columns in cursor.fetchall()
    ]
    shape.triggers = triggers_of(cursor, table)
    cursor.execute(
        "SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid("
        "a.grantee)) END, a.privilege_type, a.is_grantable FROM pg_class c, "
        "aclexplode(c.relacl) a WHERE c.oid = to_regclass(%s) AND a.grantee <> c.relowner",
        [table],
    )
    shape.grants = [
        f"GRANT {privilege} ON {table} TO {grantee}" + (" WITH GRANT OPTION" if grantable else "")
        for grantee, privilege, grantable in cursor.fetchall()
    ]
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    shape.sequence = cursor.fetchone()[0]
    if shape.sequence:
        cursor.execute(f"SELECT last_value, is_called FROM {shape.sequence}")  # nosec B608
        last_value, is_called = cursor.fetchone()
        shape.sequence_value = (last_value, is_called)
    return shape


def columns_of(cursor: CursorWrapper, table: str) -> list[str]:
    cursor.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(%s) AND attnum > 0 "
        "AND NOT attisdropped ORDER BY attnum",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def triggers_of(cursor: CursorWrapper, table: str) -> list[Trigger]:
    """The table's own triggers: not those PostgreSQL makes for foreign keys, nor the clones a
    partition receives from its parent."""
    cursor.execute(
        "SELECT tgname, pg_get_triggerdef(oid), (tgtype & 1) = 1, tgenabled <> 'D' "
        "FROM pg_trigger WHERE tgrelid = to_regclass(%s) AND NOT tgisinternal "
        "AND tgparentid = 0 ORDER BY tgname",
        [table],
    )
    return [Trigger(*row) for row in cursor.fetchall()]
