"""Store rows and coder records → the API's JSON models (private helper of the routes)."""

from __future__ import annotations

from eventwire.events.codes import CodeTable
from eventwire.records import ActorMention, Event
from eventwire.server import _models as m
from eventwire.server._countries import CountryNames
from eventwire.server._queries import EventItem, MentionSpans
from eventwire.server.evidence import Mark, evidence_segments
from eventwire.store.query import EventDetail, EventRow, MentionRow, TimelinePoint


def actor_label(code: str, name: str | None, country: str | None, countries: CountryNames) -> str:
    """A readable name: the country's for country-level codes, else the name seen, else country + sector."""
    if len(code) == 3 and code in countries.names:
        return countries.names[code]
    if name:
        return name
    if country and country in countries.names:
        return f"{countries.names[country]} {code[3:]}".strip()
    return code


def _actor(
    code: str | None, name: str | None, country: str | None, countries: CountryNames
) -> m.ActorOut | None:
    if not code:
        return None
    return m.ActorOut(code=code, name=actor_label(code, name, country, countries), country=country)


def _segments(sentence: str, marks: list[Mark]) -> list[m.SegmentOut]:
    return [m.SegmentOut(text=s.text, role=s.role) for s in evidence_segments(sentence, marks)]


def _code_name(codes: CodeTable, code: str | None) -> str | None:
    found = codes.get(code) if code else None
    return found.name if found else None


def event_item(item: EventItem, codes: CodeTable, countries: CountryNames) -> m.EventOut:
    evidence = None
    if item.evidence_sentence_text:
        marks = [
            Mark("source", item.src_start, item.src_end, item.src_text),
            Mark("target", item.tgt_start, item.tgt_end, item.tgt_text),
            Mark("trigger", item.trigger_start, item.trigger_end, item.trigger_text),
        ]
        evidence = m.EvidenceOut(
            sentence=item.evidence_sentence_text,
            segments=_segments(item.evidence_sentence_text, marks),
            article_id=item.evidence_article_id,
            url=item.source_url,
            source=item.article_source,
            title=item.article_title,
        )
    location = None
    if item.action_geo_fullname or item.action_geo_lat is not None:
        location = m.LocationOut(
            name=item.action_geo_fullname,
            country=item.action_geo_iso3,
            lat=item.action_geo_lat,
            lon=item.action_geo_long,
        )
    return m.EventOut(
        id=item.event_id,
        date=item.event_date,
        source=_actor(item.actor1_code, item.actor1_name, item.actor1_country_code, countries),
        target=_actor(item.actor2_code, item.actor2_name, item.actor2_country_code, countries),
        code=item.event_code,
        code_name=_code_name(codes, item.event_code),
        root=item.event_root_code,
        plover=item.plover,
        plover_mode=item.plover_mode,
        quad_class=item.quad_class,
        goldstein=item.goldstein_scale,
        mentions=item.num_mentions,
        articles=item.num_articles,
        sources=item.num_sources,
        tone=item.avg_tone,
        location=location,
        negated=item.negated,
        hypothetical=item.hypothetical,
        historical=item.historical,
        path=item.coding_path,
        confidence=item.confidence,
        evidence=evidence,
    )


def _event_row(row: EventRow, codes: CodeTable, countries: CountryNames) -> m.EventOut:
    location = None
    if row.action_geo_fullname or row.action_geo_lat is not None:
        location = m.LocationOut(
            name=row.action_geo_fullname, lat=row.action_geo_lat, lon=row.action_geo_long
        )
    return m.EventOut(
        id=row.event_id,
        date=row.event_date,
        source=_actor(row.actor1_code, row.actor1_name, None, countries),
        target=_actor(row.actor2_code, row.actor2_name, None, countries),
        code=row.event_code,
        code_name=_code_name(codes, row.event_code),
        root=row.event_code[:2] if row.event_code else None,
        plover=row.plover,
        quad_class=row.quad_class,
        goldstein=row.goldstein_scale,
        mentions=row.num_mentions,
        articles=row.num_articles,
        sources=row.num_sources,
        tone=row.avg_tone,
        location=location,
        historical=row.historical,
        path=row.coding_path,
        confidence=row.confidence,
    )


def _mention(row: MentionRow, spans: MentionSpans | None) -> m.MentionOut:
    marks = [
        Mark("source", row.actor1_start, row.actor1_end, spans.actor1_text if spans else None),
        Mark("target", row.actor2_start, row.actor2_end, spans.actor2_text if spans else None),
        Mark("trigger", row.trigger_start, row.trigger_end, spans.trigger_text if spans else None),
    ]
    return m.MentionOut(
        id=row.mention_id,
        article_id=row.article_id,
        story_id=row.story_id,
        sentence=row.sentence,
        evidence=m.EvidenceOut(
            sentence=row.sentence_text,
            segments=_segments(row.sentence_text, marks),
            article_id=row.article_id,
            url=row.url,
            source=row.source,
            title=spans.title if spans else None,
        ),
        confidence=row.confidence,
        negated=row.negated,
        hypothetical=row.hypothetical,
        historical=row.historical,
        path=row.coding_path,
        pattern=row.pattern,
        coder_version=row.coder_version,
    )


def event_detail(
    detail: EventDetail, spans: dict[str, MentionSpans], codes: CodeTable, countries: CountryNames
) -> m.EventDetailOut:
    mentions = [_mention(row, spans.get(row.mention_id)) for row in detail.mentions]
    event = _event_row(detail.event, codes, countries)
    if mentions:
        first = detail.mentions[0]
        event.negated, event.hypothetical = first.negated, first.hypothetical
        event.evidence = mentions[0].evidence
    return m.EventDetailOut(event=event, mentions=mentions)


def timeline_point(point: TimelinePoint, codes: CodeTable) -> m.TimelinePointOut:
    return m.TimelinePointOut(
        period=point.period,
        events=point.events,
        verbal_cooperation=point.quad1,
        material_cooperation=point.quad2,
        verbal_conflict=point.quad3,
        material_conflict=point.quad4,
        mean_goldstein=point.mean_goldstein,
        top_codes=[m.CodeCount(code=c, name=_code_name(codes, c)) for c in point.top_codes],
    )


def _mention_actor(mention: ActorMention | None, countries: CountryNames) -> m.ActorOut | None:
    if mention is None:
        return None
    actor = mention.actor
    return _actor(actor.code, actor.name, actor.country, countries)


def coded_event(event: Event, codes: CodeTable, countries: CountryNames) -> m.CodedEventOut:
    """One event from the coder (``POST /code``); spans here count from the start of the pasted text."""
    marks = [Mark("trigger", event.trigger.start, event.trigger.end, event.trigger.text)]
    if event.source is not None:
        span = event.source.span
        marks.append(Mark("source", span.start, span.end, span.text))
    if event.target is not None:
        span = event.target.span
        marks.append(Mark("target", span.start, span.end, span.text))
    location = None
    if event.location is not None:
        loc = event.location
        location = m.LocationOut(name=loc.name, country=loc.country, lat=loc.lat, lon=loc.lon)
    return m.CodedEventOut(
        sentence=event.sentence,
        source=_mention_actor(event.source, countries),
        target=_mention_actor(event.target, countries),
        code=event.cameo,
        code_name=_code_name(codes, event.cameo),
        plover=event.plover or None,
        quad_class=event.quad_class,
        goldstein=event.goldstein,
        date=event.event_date,
        negated=event.negated,
        hypothetical=event.hypothetical,
        historical=event.historical,
        path=event.path or None,
        confidence=event.confidence,
        evidence=m.EvidenceOut(sentence=event.sentence_text, segments=_segments(event.sentence_text, marks)),
        location=location,
    )
