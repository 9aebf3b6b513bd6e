"""GDELT 2.0 event and mention files: the exact 61-column export format, and import of real files.

Event export lines are tab-separated, no header, 61 fields, ``\\n``-terminated, UTF-8 — like GDELT's
``*.export.CSV``. Numbers are written as GDELT writes them: Goldstein with one decimal, FractionDate
with four, other floats in their shortest form without a trailing ``.0`` (``-30``, ``43.6667``,
``-8.03827751196173``); NULL is an empty field. Imported GDELT rows keep their GLOBALEVENTID
(``event_id = 'gdelt-<id>'``, ``origin = 'gdelt'``), so importing a file and exporting it gives the
same lines back. Our own events get the deterministic id described in :func:`_rows.global_event_id`.

Files are read as they are published: plain ``*.export.CSV`` or GDELT's ``*.export.CSV.zip`` (every
file member, in name order). With ``update=True`` a row for an imported event already in the store
replaces it, so following an update feed in which events come back with new counts (eventwire's
``watch --publish``) leaves each event as its last update says.

What is left out of the export (and of the mentions lines of its events): negated and hypothetical events
(GDELT's table holds events that happened) and historical ones — background actions an article recalls
from an earlier time (GDELT's table holds the day's events; :data:`EXPORTED`). They stay in the store and
in the other export formats, flagged.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final, TextIO

import duckdb
import pyarrow as pa

from eventwire.errors import DataFileError


def _actor(n: int) -> list[tuple[str, str, str]]:
    names = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
             "Religion2Code", "Type1Code", "Type2Code", "Type3Code")  # fmt: skip
    cols = ("code", "name", "country_code", "known_group_code", "ethnic_code", "religion1_code",
            "religion2_code", "type1_code", "type2_code", "type3_code")  # fmt: skip
    return [(f"Actor{n}{a}", f"actor{n}_{b}", "str") for a, b in zip(names, cols, strict=True)]


def _geo(prefix: str, col: str) -> list[tuple[str, str, str]]:
    return [
        (f"{prefix}Geo_Type", f"{col}_geo_type", "int"),
        (f"{prefix}Geo_FullName", f"{col}_geo_fullname", "str"),
        (f"{prefix}Geo_CountryCode", f"{col}_geo_country_code", "str"),
        (f"{prefix}Geo_ADM1Code", f"{col}_geo_adm1_code", "str"),
        (f"{prefix}Geo_ADM2Code", f"{col}_geo_adm2_code", "str"),
        (f"{prefix}Geo_Lat", f"{col}_geo_lat", "float"),
        (f"{prefix}Geo_Long", f"{col}_geo_long", "float"),
        (f"{prefix}Geo_FeatureID", f"{col}_geo_feature_id", "str"),
    ]


# (GDELT column, store column, kind); kinds sqldate/monthyear/year derive from events.event_date
EVENT_COLUMNS: Final[tuple[tuple[str, str, str], ...]] = (
    ("GLOBALEVENTID", "global_event_id", "int"),
    ("SQLDATE", "event_date", "sqldate"),
    ("MonthYear", "event_date", "monthyear"),
    ("Year", "event_date", "year"),
    ("FractionDate", "fraction_date", "frac"),
    *_actor(1),
    *_actor(2),
    ("IsRootEvent", "is_root_event", "int"),
    ("EventCode", "event_code", "str"),
    ("EventBaseCode", "event_base_code", "str"),
    ("EventRootCode", "event_root_code", "str"),
    ("QuadClass", "quad_class", "int"),
    ("GoldsteinScale", "goldstein_scale", "gold"),
    ("NumMentions", "num_mentions", "int"),
    ("NumSources", "num_sources", "int"),
    ("NumArticles", "num_articles", "int"),
    ("AvgTone", "avg_tone", "float"),
    *_geo("Actor1", "actor1"),
    *_geo("Actor2", "actor2"),
    *_geo("Action", "action"),
    ("DATEADDED", "date_added", "int"),
    ("SOURCEURL", "source_url", "str"),
)
assert len(EVENT_COLUMNS) == 61

MENTION_COLUMNS: Final = (
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
    "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras",
)  # fmt: skip

STORE_COLUMNS: Final = tuple(dict.fromkeys(col for _, col, _ in EVENT_COLUMNS))
# The events a GDELT file holds: ones that happened (not negated, not hypothetical), as news of the day
# (not historical). ``IS NOT TRUE``: a NULL flag does not hide an event.
EXPORTED: Final = "negated IS NOT TRUE AND hypothetical IS NOT TRUE AND historical IS NOT TRUE"
_SELECT_EVENT: Final = ", ".join(STORE_COLUMNS)


def format_number(value: float) -> str:
    """A float the way GDELT writes it: shortest form, no trailing ``.0``."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _format(kind: str, value: Any) -> str:
    if value is None:
        return ""
    if kind == "sqldate":
        return value.strftime("%Y%m%d")  # type: ignore[no-any-return]
    if kind == "monthyear":
        return value.strftime("%Y%m")  # type: ignore[no-any-return]
    if kind == "year":
        return str(value.year)
    if kind == "gold":
        return f"{value:.1f}"
    if kind == "frac":
        return f"{value:.4f}"
    if kind == "float":
        return format_number(value)
    return str(value)


def _clean(text: str) -> str:
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def format_event(values: dict[str, Any]) -> str:
    """One 61-field GDELT export line (without the newline) from a store row."""
    return "\t".join(_clean(_format(kind, values[col])) for _, col, kind in EVENT_COLUMNS)


def _parse(kind: str, raw: str) -> Any:
    if raw == "":
        return None
    if kind == "int":
        return int(raw)
    if kind in ("float", "gold", "frac"):
        return float(raw)
    if kind == "sqldate":
        return date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
    return raw


def parse_event(line: str, path: str = "<line>", lineno: int | None = None) -> dict[str, Any]:
    """One GDELT 2.0 export line -> an ``events`` row (origin ``gdelt``); DataFileError when malformed."""
    fields = line.rstrip("\n").split("\t")
    if len(fields) != 61:
        raise DataFileError(path, lineno, f"expected 61 tab-separated fields, found {len(fields)}")
    row: dict[str, Any] = {}
    for (name, col, kind), raw in zip(EVENT_COLUMNS, fields, strict=True):
        if kind in ("monthyear", "year"):
            continue
        try:
            row[col] = _parse(kind, raw)
        except ValueError as exc:
            raise DataFileError(path, lineno, f"{name}: {raw!r} is not a valid value ({exc})") from exc
    expected = _format("sqldate", row["event_date"])
    if fields[2] != expected[:6] or fields[3] != expected[:4]:
        raise DataFileError(path, lineno, "MonthYear/Year disagree with SQLDATE")
    row["event_id"] = f"gdelt-{row['global_event_id']}"
    row["origin"] = "gdelt"
    row["negated"] = False
    row["hypothetical"] = False
    row["historical"] = False
    return row


@dataclass(frozen=True, slots=True)
class ImportReport:
    path: str
    rows: int
    added: int
    bad_lines: tuple[str, ...]
    updated: int = 0


@contextmanager
def _lines(name: str) -> Iterator[Iterator[str]]:
    """The text lines of an export file, or of every file member of a ``.zip`` (GDELT's packaging)."""
    if not name.lower().endswith(".zip"):
        with open(name, encoding="utf-8", errors="replace", newline="\n") as handle:
            yield iter(handle)
        return
    try:
        archive = zipfile.ZipFile(name)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DataFileError(name, None, f"not a readable zip file: {exc}") from exc
    with archive:
        members = sorted(info.filename for info in archive.infolist() if not info.is_dir())

        def read() -> Iterator[str]:
            for member in members:
                with archive.open(member) as raw:
                    yield from io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="\n")

        yield read()


def import_events(
    con: duckdb.DuckDBPyConnection, path: str | Path, batch: int = 5000, update: bool = False
) -> ImportReport:
    """Load one GDELT 2.0 export file (plain or ``.zip``) into ``events`` in one transaction.

    Events already in the store are left alone, unless ``update``: then an imported (``origin =
    'gdelt'``) row is replaced by the file's (the last row of an id wins); events coded in this store
    are never replaced. Malformed lines are reported (file:line: reason), never fatal.
    """
    name = str(path)
    rows: list[dict[str, Any]] = []
    bad: list[str] = []
    with _lines(name) as lines:
        for lineno, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                rows.append(parse_event(line, name, lineno))
            except DataFileError as exc:
                bad.append(str(exc))
    before = _count(con)
    updated = 0
    con.execute("BEGIN TRANSACTION")
    try:
        known = {
            r[0]: r[1]
            for r in con.execute(
                "SELECT global_event_id, origin FROM events "
                "WHERE global_event_id IN (SELECT unnest(?::BIGINT[]))",
                [[r["global_event_id"] for r in rows]],
            ).fetchall()
        }
        fresh: dict[int, dict[str, Any]] = {}
        for r in rows:
            gid = r["global_event_id"]
            if gid not in known:
                fresh.setdefault(gid, r)
            elif update and known[gid] == "gdelt":
                fresh[gid] = r
        replaced = [gid for gid in fresh if gid in known]
        if replaced:
            con.execute(
                "DELETE FROM events WHERE global_event_id IN (SELECT unnest(?::BIGINT[]))", [replaced]
            )
            updated = len(replaced)
        values = list(fresh.values())
        for i in range(0, len(values), batch):
            _insert_arrow(con, values[i : i + batch])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return ImportReport(name, len(rows), _count(con) - before, tuple(bad), updated)


def _insert_arrow(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    table = pa.Table.from_pylist(rows)
    con.register("_gdelt_import", table)
    try:
        con.execute("INSERT INTO events BY NAME SELECT * FROM _gdelt_import")
    finally:
        con.unregister("_gdelt_import")


def _count(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT count(*) FROM events").fetchone()
    return int(row[0]) if row else 0


def event_lines(con: duckdb.DuckDBPyConnection, where: str = "", params: Iterable[Any] = ()) -> Iterator[str]:
    """GDELT export lines for the events matching ``where`` (parameterised), in GLOBALEVENTID order.

    Negated, hypothetical and historical events are left out (:data:`EXPORTED`).
    """
    where = f"{where} AND {EXPORTED}" if where else f" WHERE {EXPORTED}"
    cursor = con.execute(f"SELECT {_SELECT_EVENT} FROM events{where} ORDER BY global_event_id", list(params))
    while chunk := cursor.fetchmany(2000):
        for values in chunk:
            yield format_event(dict(zip(STORE_COLUMNS, values, strict=True)))


_MENTION_SELECT: Final = """
    SELECT e.global_event_id, e.date_added, a.published, a.source, coalesce(a.url, a.origin),
           m.sentence + 1, m.actor1_start, m.actor2_start, m.trigger_start, m.confidence,
           a.text_chars, a.tone_average, a.language
    FROM mentions m JOIN articles a ON a.doc_id = m.article_id JOIN events e ON e.event_id = m.event_id
    """
_EXPORTED_E: Final = "e.negated IS NOT TRUE AND e.hypothetical IS NOT TRUE AND e.historical IS NOT TRUE"


def mention_lines(
    con: duckdb.DuckDBPyConnection, where: str = "", params: Iterable[Any] = ()
) -> Iterator[str]:
    """GDELT 2.0 mentions lines (16 fields) for the mentions of the events matching ``where``."""
    cursor = con.execute(
        f"""{_MENTION_SELECT}
        WHERE e.event_id IN (SELECT event_id FROM events{where}) AND {_EXPORTED_E}
        ORDER BY e.global_event_id, a.published NULLS LAST, m.article_id, m.sentence
        """,
        list(params),
    )
    while chunk := cursor.fetchmany(2000):
        for r in chunk:
            yield _mention_line(r)


def _in_list(values: Sequence[str]) -> str:
    return ", ".join("?" for _ in values) or "NULL"


def article_event_lines(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]) -> Iterator[str]:
    """Export lines of every event the articles ``article_ids`` mention, as the store has them now."""
    where = (
        f" WHERE event_id IN (SELECT event_id FROM mentions WHERE article_id IN ({_in_list(article_ids)}))"
    )
    return event_lines(con, where, list(article_ids))


def article_mention_lines(
    con: duckdb.DuckDBPyConnection, article_ids: Sequence[str], mention_time: int
) -> Iterator[str]:
    """Mentions lines of the mentions in the articles ``article_ids``, all stamped ``mention_time``."""
    cursor = con.execute(
        f"""{_MENTION_SELECT}
        WHERE m.article_id IN ({_in_list(article_ids)}) AND {_EXPORTED_E}
        ORDER BY e.global_event_id, a.published NULLS LAST, m.article_id, m.sentence, m.mention_id
        """,
        list(article_ids),
    )
    while chunk := cursor.fetchmany(2000):
        for r in chunk:
            yield _mention_line(r, mention_time)


def _mention_line(r: tuple[Any, ...], mention_time: int | None = None) -> str:
    """One mentions line; ``mention_time`` (an update's YYYYMMDDHHMMSS) replaces the article's date."""
    from eventwire.store._aggregate import timestamp14

    (gid, added, published, source, ident, sentence, a1, a2, action, conf, doc_len, tone, lang) = r
    offset = [-1 if v is None else v for v in (a1, a2, action)]
    translation = "" if lang in (None, "en") else f"srclc:{lang};eng:none"
    when = mention_time if mention_time is not None else timestamp14(published, None) if published else None
    fields = [
        gid, "" if added is None else added, "" if when is None else when,
        1, source or "", ident or "", sentence, *offset, 1,
        "" if conf is None else round(conf * 100), doc_len,
        "" if tone is None else format_number(tone), translation, "",
    ]  # fmt: skip
    return "\t".join(_clean(str(v)) for v in fields)


def write_lines(lines: Iterable[str], out: TextIO) -> int:
    n = 0
    for line in lines:
        out.write(line)
        out.write("\n")
        n += 1
    return n
