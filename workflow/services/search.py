"""The public portal's list and search of published replies (SPEC 3.5, 8), for the pages and the
public API alike.

Only published rows are ever read, and only their masked columns. A search reads the newest
COUNT_CAP + 1 matches once, newest first (highest id first: ids follow the order of
publication), and stops there: the count ("1000+") and the page both come from them, and
counting every row that holds a common word would cost as much as reading them all. Chinese
search, per database:
- SQLite: terms of three characters or more go to the FTS5 trigram table `publications_fts`
  (MATCH on quoted phrases), which FTS5 walks in descending rowid order so the LIMIT stops it.
  Shorter terms, which a trigram index cannot answer, go to the FTS5 table `publications_grams`
  of each text's characters and character pairs (domain/search_grams.py), walked the same way;
  beside a longer term they are checked on its candidate rows instead. Short terms of other
  characters are read from the base table. Never a LIKE on the FTS table: SQLite 3.40's trigram
  table answers some LIKE patterns wrongly (NOTES.md).
- PostgreSQL: LIKE on title and text together, answered through the GIN index on the id's
  bucket and that expression (btree_gin, pg_trgm), in slices of the newest ids (_postgresql_windows);
  short terms alone go to the GIN index on the bucket and `publication_grams()` of the same text,
  which needs no recheck. The database's LC_CTYPE
  must be a UTF-8 locale or Chinese yields no trigrams: `database_check` says so, /healthz and
  `flask up` report it and the first search logs it.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import Select, Text, any_, cast, column, func, literal_column, or_, select, table, text
from sqlalchemy.dialects.postgresql import ARRAY, array
from sqlalchemy.orm import selectinload

from workflow.domain import highlight
from workflow.domain.publication import PublicationState
from workflow.domain.search_grams import gram
from workflow.domain.search_query import LIKE_ESCAPE, TRIGRAM, SearchQuery, fts5_match, like_pattern, parse
from workflow.extensions import db
from workflow.models import Bureau, Publication, Session
from workflow.models.publication import (
    GRAMS_BUCKET,
    GRAMS_SQL,
    GRAMS_TABLE,
    SEARCH_BUCKET,
    SEARCH_TABLE,
    SEARCH_TEXT_SQL,
    bucket_sql,
)
from workflow.services.errors import NotFound, ServiceError
from workflow.services.queries import SEARCH_COUNT_CAP, Page

log = logging.getLogger(__name__)

PAGE_SIZE = 20
COUNT_CAP = SEARCH_COUNT_CAP  # the portal's, as the list of proposals' (services/queries.py)
EXCERPT_CHARS = 120
WINDOW_START = 4096  # newest ids in the first PostgreSQL search window
_LETTERS = re.compile("[A-Za-z]")


class Gone(ServiceError):
    """A publication that was withdrawn: the public page says so and when, nothing else."""

    status = 410
    code = "withdrawn"

    def __init__(self, message: str, publication: Publication):
        super().__init__(message)
        self.publication = publication


@dataclass
class PublicFilter:
    q: str | None = None
    year: int | None = None
    session: int | None = None
    channel: str | None = None
    bureau: int | None = None
    topic: str | None = None
    resolution: str | None = None
    page: int = 1


@dataclass
class Hit:
    publication: Publication
    title_html: str  # escaped, the query's terms in <mark>
    excerpt_html: str


@dataclass
class Results(Page):
    query: SearchQuery = field(default_factory=SearchQuery)


def search(f: PublicFilter, size: int = PAGE_SIZE) -> Results:
    query = parse(f.q)
    page = max(1, f.page)
    offset = (page - 1) * size
    ids = _filtered(f)
    if query:
        # The newest COUNT_CAP + 1 matches, read once: the count and the page come from them.
        matches = _newest_matches(ids, query)
        total, capped = min(len(matches), COUNT_CAP), len(matches) > COUNT_CAP
        found = matches[offset:min(offset + size, total)]
    else:
        total, capped = db.session.execute(select(func.count()).select_from(ids.subquery())).scalar_one(), False
        found = []
        if offset < total:  # out of range: an empty page, not an error
            found = list(db.session.execute(ids.order_by(Publication.id.desc()).limit(size).offset(offset)).scalars())
    rows = _load(found)
    hits = [_hit(rows[i], query) for i in found if i in rows]
    return Results(hits, total, page, size, query=query, capped=capped)


def get_published(publication_id: int) -> Publication:
    """A publication for its public page: 404 when it does not exist, 410 when withdrawn. A reply
    that was never published has no publication id at all, so it is a 404 like any unknown id."""
    row = db.session.get(Publication, publication_id)
    if row is None:
        raise NotFound(_("There is no such published reply."))
    if row.state == PublicationState.WITHDRAWN:
        raise Gone(_("This reply was withdrawn from publication."), row)
    return row


def newest(limit: int) -> list[Publication]:
    """The latest by 发布日期, for the feed: a reply published again comes back on top, which the
    id (the order of first publication) would not say. The ids are sorted first, so the sort
    reads no letter text."""
    latest = (Publication.published_at.desc(), Publication.id.desc())
    ids = select(Publication.id).where(Publication.state == PublicationState.PUBLISHED).order_by(*latest).limit(limit)
    query = select(Publication).where(Publication.id.in_(ids)).order_by(*latest)
    return list(db.session.execute(query).scalars())


def published_count() -> int:
    query = select(func.count(Publication.id)).where(Publication.state == PublicationState.PUBLISHED)
    return db.session.execute(query).scalar_one()


def published_ids(offset: int, limit: int) -> list[tuple[int, datetime]]:
    """(id, published_at) of published rows, newest first: a page of the sitemap."""
    query = select(Publication.id, Publication.published_at).where(Publication.state == PublicationState.PUBLISHED)
    return list(db.session.execute(query.order_by(Publication.id.desc()).offset(offset).limit(limit)).tuples())


def facets() -> dict[str, list]:
    """The values the filters offer: those that published replies actually have."""
    labels = {}
    for code in distinct_values(Publication.resolution):
        query = select(Publication.resolution_label).where(
            Publication.state == PublicationState.PUBLISHED, Publication.resolution == code
        )
        labels[code] = db.session.execute(query.order_by(Publication.id.desc()).limit(1)).scalar()
    return {
        "session": _rows(Session, distinct_values(Publication.session_id)),
        "bureau": _rows(Bureau, distinct_values(Publication.bureau_id)),
        "year": distinct_values(Publication.year)[::-1],
        "topic": distinct_values(Publication.topic),
        "resolution": list(labels.items()),
        "channel": distinct_values(Publication.channel),
    }


def distinct_values(field_) -> list:
    """The distinct values of a column among published rows, in order, by a loose index scan on
    (state, column): one index probe per value, however many rows share it."""
    published = Publication.state == PublicationState.PUBLISHED
    first = select(func.min(field_)).where(published).scalar_subquery()
    values = select(first.label("value")).cte("facet", recursive=True)
    following = select(func.min(field_)).where(published, field_ > values.c.value).scalar_subquery()
    values = values.union_all(select(following).where(values.c.value.is_not(None)))
    return [v for (v,) in db.session.execute(select(values.c.value).where(values.c.value.is_not(None)))]


def _rows(model, ids: list[int]) -> list:
    if not ids:
        return []
    return list(db.session.execute(select(model).where(model.id.in_(ids)).order_by(model.name)).scalars())


# --- the query -------------------------------------------------------------------------------

def _filtered(f: PublicFilter) -> Select:
    query = select(Publication.id).where(Publication.state == PublicationState.PUBLISHED)
    for field_, value in (
        (Publication.year, f.year), (Publication.session_id, f.session), (Publication.channel, f.channel),
        (Publication.bureau_id, f.bureau), (Publication.topic, f.topic), (Publication.resolution, f.resolution),
    ):
        if value is not None and value != "":
            query = query.where(field_ == value)
    return query


def _newest_matches(ids: Select, query: SearchQuery) -> list[int]:
    """Ids of the newest COUNT_CAP + 1 published rows holding every term, newest first."""
    wanted = COUNT_CAP + 1
    if _dialect() == "sqlite":
        return _run(_sqlite_matching(ids, query), wanted)
    _warn_once_about_ctype()
    by_grams = not query.indexed_terms and query.grams
    terms = []
    for term in query.terms:
        gram_ = gram(term) if by_grams else None
        terms.append(_postgresql_has_gram(gram_) if gram_ else _postgresql_contains(term))
    if query.indexed_terms:
        return _postgresql_windows(ids, terms, wanted, SEARCH_BUCKET)
    if by_grams:
        return _postgresql_windows(ids, terms, wanted, GRAMS_BUCKET)
    # Nothing an index can answer: read newest first and stop at the cap.
    return _run((ids.where(*terms), Publication.id.desc()), wanted)


def _run(ids_and_order: tuple[Select, object], limit: int) -> list[int]:
    ids, newest = ids_and_order
    return list(db.session.execute(ids.order_by(newest).limit(limit)).scalars())


def _sqlite_matching(ids: Select, query: SearchQuery) -> tuple[Select, object]:
    """Driven by one FTS table, in its own rowid order (descending), joined to the base rows:
    FTS5 walks its index newest first and the LIMIT stops it. The trigram table when a term is
    long enough, else the grams table; the terms the driving table does not answer are checked
    on the rows it yields."""
    newest = Publication.id.desc()
    checked = query.short_terms
    if query.indexed_terms:
        ids, newest = _sqlite_driven_by(ids, SEARCH_TABLE, query.indexed_terms)
    elif query.grams:
        ids, newest = _sqlite_driven_by(ids, GRAMS_TABLE, query.grams)
        checked = query.unindexed_terms
    for term in checked:
        # The base table, never a LIKE on the FTS table (wrong answers on SQLite 3.40).
        ids = ids.where(or_(_sqlite_contains(Publication.title, term), _sqlite_contains(Publication.body, term)))
    return ids, newest


def _sqlite_driven_by(ids: Select, fts_name: str, terms: tuple[str, ...]) -> tuple[Select, object]:
    fts = table(fts_name, column("rowid"))
    matching = text(f"{fts_name} MATCH :match").bindparams(match=fts5_match(terms))
    return ids.join_from(Publication, fts, fts.c.rowid == Publication.id).where(matching), fts.c.rowid.desc()


def _sqlite_contains(field_, term: str):
    """LIKE, which ignores ASCII case as the FTS5 trigram index does. Without an ESCAPE clause
    when the term holds no wildcard to escape: SQLite reads text markedly faster that way (and
    faster than with instr)."""
    if not any(c in term for c in "%_" + LIKE_ESCAPE):
        return field_.like(f"%{term}%")
    return field_.like(like_pattern(term), escape=LIKE_ESCAPE)


def _postgresql_contains(term: str):
    """A term in the title or the text. Three characters or more: LIKE on the indexed expression,
    answered by the pg_trgm GIN index (ILIKE when the term has Latin letters, for case; LIKE
    rechecks Chinese text several times faster). Backslash is PostgreSQL's own LIKE escape, so no
    ESCAPE clause, which would hide the pattern from the planner behind like_escape(). Shorter
    terms no trigram index answers: strpos, which reads faster than a pattern."""
    letters = bool(_LETTERS.search(term))
    if len(term) < TRIGRAM and not letters:
        return or_(func.strpos(Publication.title, term) > 0, func.strpos(Publication.body, term) > 0)
    searched = literal_column(SEARCH_TEXT_SQL)
    pattern = like_pattern(term)
    return searched.ilike(pattern) if letters else searched.like(pattern)


def _postgresql_has_gram(gram_: str):
    """A short term as a gram of the title and text: answered by the GIN index of migration 0005,
    exactly (an array's containment needs no recheck)."""
    return literal_column(GRAMS_SQL).op("@>")(cast(array([gram_]), ARRAY(Text)))


def _postgresql_windows(ids: Select, terms: list, wanted: int, size: int) -> list[int]:
    """The newest matches through a GIN index, read in slices of ids from the newest down.

    The trigram index gives candidates that each must be rechecked against the text: asking for
    the newest `wanted` over the whole table would recheck every candidate of a common word, and a
    walk down the primary key would read the whole table for a rare one; the grams index needs no
    recheck, but would still fetch every match. Each index holds the id's bucket too (btree_gin,
    `size` ids a bucket), so a slice narrows the candidates inside the
    index. The first slice is WINDOW_START ids; the next is sized from the matches found so far
    per id read, with a margin, so a common word is rechecked little more than `wanted` times
    and a rare one is read in two or three slices. Each slice is planned on its own (a
    materialized CTE)."""
    top = db.session.execute(select(func.max(Publication.id))).scalar()
    if top is None:
        return []
    # Each slice's candidates come from the GIN index and nothing else: its statement asks only
    # for the bucket and the terms, and plain index scans and sequential scans are ruled out for
    # these statements. Otherwise a planner without statistics (a new database, autovacuum off)
    # took another index, such as (state, …), and computed `publication_grams()` or matched the
    # text of every row of the slice: 0.8 s for 税 over 600 replies where the index takes
    # milliseconds. The portal's filters (state, year, bureau, …) then apply to the candidates by
    # their ids. (After a failure the transaction is rolled back, and the settings with it.)
    db.session.execute(text("SET LOCAL enable_indexscan = off"))
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    found = _slices(ids, terms, wanted, top, size, literal_column(bucket_sql(size)))
    db.session.execute(text("SET LOCAL enable_seqscan TO DEFAULT"))
    db.session.execute(text("SET LOCAL enable_indexscan TO DEFAULT"))
    return found


def _slices(ids: Select, terms: list, wanted: int, top: int, size: int, bucket) -> list[int]:
    found: list[int] = []
    upper, span = top, WINDOW_START
    while True:
        low = upper - span
        candidates = select(Publication.id).where(bucket <= upper // size, *terms)
        piece = ids.where(Publication.id <= upper)
        if low > 0:
            candidates = candidates.where(bucket >= (low + 1) // size)
            piece = piece.where(Publication.id > low)
        hits = candidates.cte("hits").prefix_with("MATERIALIZED")
        piece = piece.where(Publication.id == any_(func.array(select(hits.c.id).scalar_subquery())))
        newest = piece.order_by(Publication.id.desc()).limit(wanted - len(found))
        found += db.session.execute(newest).scalars()
        if len(found) >= wanted or low <= 0:
            return found
        per_id = len(found) / (top - low)
        missing = wanted - len(found)
        span = int(missing / per_id * 1.25) + 1 if per_id else span * 8
        upper = low


def _load(ids: list[int]) -> dict[int, Publication]:
    if not ids:
        return {}
    query = select(Publication).where(Publication.id.in_(ids)).options(selectinload(Publication.bureau))
    return {row.id: row for row in db.session.execute(query).scalars()}


def _hit(row: Publication, query: SearchQuery) -> Hit:
    terms = query.terms
    return Hit(row, highlight.highlight(row.title, terms), highlight.excerpt(row.body, terms, EXCERPT_CHARS))


def _dialect() -> str:
    return db.session.get_bind().dialect.name


# --- the database's fitness for Chinese search -----------------------------------------------

_warned: set[str] = set()


def database_check() -> dict:
    """Whether this database can search Chinese: on PostgreSQL its LC_CTYPE must be UTF-8 and
    pg_trgm must be installed. Answers {"ok": …, "engine": …, "ctype": …, "message": …}."""
    if _dialect() != "postgresql":
        return {"ok": True, "engine": "sqlite-fts5-trigram"}
    ctype = db.session.execute(
        text("SELECT datctype FROM pg_database WHERE datname = current_database()")
    ).scalar_one()
    has_trgm = db.session.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first() is not None
    return postgresql_fitness(ctype, has_trgm)


def postgresql_fitness(ctype: str, has_trgm: bool) -> dict:
    utf8 = ctype.replace("-", "").lower().endswith("utf8")
    report = {"ok": utf8 and has_trgm, "engine": "postgresql-pg_trgm", "ctype": ctype}
    if not utf8:
        report["message"] = (
            f"The database's LC_CTYPE is {ctype!r}, not a UTF-8 locale: pg_trgm extracts no trigrams from "
            "Chinese and the portal's search finds nothing. Create the database with LC_CTYPE 'C.UTF-8' "
            "(or another UTF-8 locale)."
        )
    elif not has_trgm:
        report["message"] = "The pg_trgm extension is missing: run the migrations (flask db upgrade heads)."
    return report


def warn_if_unfit() -> dict:
    report = database_check()
    if not report["ok"]:
        log.warning("Chinese search will not work: %s", report.get("message"))
    return report


def _warn_once_about_ctype() -> None:
    url = str(db.session.get_bind().url)
    if url in _warned:
        return
    _warned.add(url)
    try:
        warn_if_unfit()
    except Exception:  # the check must never break a search; it only advises
        log.exception("could not check the database's LC_CTYPE")
