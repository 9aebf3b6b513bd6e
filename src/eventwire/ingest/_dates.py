"""Container dates (JSONL ``published``, feed pubDate/updated) → tz-aware datetimes; naive means UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def parse_datetime(raw: str) -> datetime | None:
    """ISO 8601 date or datetime, or an RFC 822 date (RSS); None when the string is not a date."""
    text = raw.strip()
    if not text:
        return None
    try:
        return _aware(datetime.fromisoformat(text))
    except ValueError:
        pass
    try:
        day = date.fromisoformat(text)
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    except ValueError:
        pass
    try:
        return _aware(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        return None
