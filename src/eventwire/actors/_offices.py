"""Which office a person holds on a date."""

from __future__ import annotations

from datetime import date

from eventwire.actors.table import Entry, Office


def office_at(entry: Entry, when: date | None, today: date) -> tuple[str | None, str | None, str | None]:
    """(country, sector, role) of ``entry`` on ``when`` (today when None).

    After a person's last office ends they are an elite (``ELI``) of that office's country; before
    their first office only the country is known.
    """
    if not entry.offices:
        return entry.country, entry.sector, entry.role
    day = when or today
    holding = [o for o in entry.offices if o.holds(day)]
    if holding:
        best = max(holding, key=lambda o: (o.sector == "GOV", o.start or date.min))
        return best.country, best.sector, best.role
    ended = [o for o in entry.offices if o.end is not None and o.end < day]
    if ended:
        last: Office = max(ended, key=lambda o: o.end or date.min)
        return last.country, "ELI", f"Former {last.role}" if not last.role.startswith("Former") else last.role
    first = entry.offices[0]
    return first.country, None, None
