"""Which office a person holds on a date."""

from __future__ import annotations

from datetime import date

from eventwire.actors.table import Entry, Office

# Seats whose office holders are religious leaders, not a state's government: their religious
# offices are coded as religious (REL) with no country ("Pope Francis" -> REL).
RELIGIOUS_SEES = frozenset({"VAT"})


def office_at(entry: Entry, when: date | None) -> tuple[str | None, str | None, str | None]:
    """(country, sector, role) of ``entry`` on ``when``.

    With no date, the person's most recent office (the one that started last, an open one first)
    gives their role: a text without a date speaks of someone as what they are best known for
    lately, not as what they are on the day the text happens to be processed. With a date: the
    office held that day (government first); after their last office ended an elite (``ELI``) of
    that office's country; before their first office only the country is known.
    """
    if not entry.offices:
        return entry.country, entry.sector, entry.role
    if when is None:
        latest = max(entry.offices, key=lambda o: (o.start or date.min, o.end is None, o.end or date.min))
        return _coded(latest)
    holding = [o for o in entry.offices if o.holds(when)]
    if holding:
        return _coded(max(holding, key=lambda o: (o.sector == "GOV", o.start or date.min)))
    ended = [o for o in entry.offices if o.end is not None and o.end < when]
    if ended:
        last: Office = max(ended, key=lambda o: o.end or date.min)
        if last.sector == "REL":
            return _coded(last)
        role = last.role if last.role.startswith("Former") else f"Former {last.role}"
        return last.country, "ELI", role
    first = entry.offices[0]
    return first.country, None, None


def _coded(office: Office) -> tuple[str | None, str | None, str | None]:
    if office.sector == "REL" and office.country in RELIGIOUS_SEES:
        return None, office.sector, office.role
    return office.country, office.sector, office.role
