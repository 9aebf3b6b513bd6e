"""Which office a person holds on a date."""

from __future__ import annotations

from datetime import date

from eventwire.actors.table import Entry, Office

# Seats whose office holders are religious leaders, not a state's government: their religious
# offices are coded as religious (REL) with no country ("Pope Francis" -> REL).
RELIGIOUS_SEES = frozenset({"VAT"})


def office_at(
    entry: Entry, when: date | None, place: str | None = None
) -> tuple[str | None, str | None, str | None]:
    """(country, sector, role) of ``entry`` on ``when``.

    ``place`` is a country the text puts next to the name ("Australia's Queen Elizabeth"): an office
    held for several states codes as that one when it is among them.

    With no date, the person's most recent office (the one that started last, an open one first)
    gives their role: a text without a date speaks of someone as what they are best known for
    lately, not as what they are on the day the text happens to be processed. With a date: the
    office held that day (government first); after their last office ended an elite (``ELI``) of
    that office's country; before their first office only the country is known.
    """
    if not entry.offices:
        return entry.country, entry.sector, entry.role
    home = entry.offices[0].country  # a person's first office says where they are from
    if when is None:
        latest = max(
            entry.offices,
            key=lambda o: (o.start or date.min, o.end is None, o.end or date.min, o.country == home),
        )
        return _coded(latest, place)
    holding = [o for o in entry.offices if o.holds(when)]
    if holding:
        # government first, then an office that heads something, then one at home, then the newest
        best = max(
            holding,
            key=lambda o: (
                o.sector == "GOV",
                place is not None and o.serves(place),
                bool(o.head),
                o.country == home,
                o.start or date.min,
            ),
        )
        return _coded(best, place)
    ended = [o for o in entry.offices if o.end is not None and o.end < when]
    if ended:
        last: Office = max(ended, key=lambda o: o.end or date.min)
        if last.sector == "REL":
            return _coded(last)
        role = last.role if last.role.startswith("Former") else f"Former {last.role}"
        return last.country, "ELI", role
    first = entry.offices[0]
    return first.country, None, None


def _coded(office: Office, place: str | None = None) -> tuple[str | None, str | None, str | None]:
    if office.sector == "REL" and office.country in RELIGIOUS_SEES:
        return None, office.sector, office.role
    country = place if place is not None and office.serves(place) else office.country
    return country, office.sector, office.role


def pick_person(entries: list[Entry], when: date | None) -> Entry:
    """Of namesakes (entries matched by the same words), the one in office on ``when``; else the one
    whose offices ended last before it; else the first."""
    if len(entries) == 1 or when is None:
        return entries[0]
    holding = [e for e in entries if any(o.holds(when) for o in e.offices)]
    if holding:
        return holding[0]
    ended = [
        (max(o.end for o in e.offices if o.end and o.end < when), n)
        for n, e in enumerate(entries)
        if any(o.end and o.end < when for o in e.offices)
    ]
    return entries[max(ended)[1]] if ended else entries[0]


def group_role_at(entry: Entry, when: date | None) -> tuple[str | None, str | None]:
    """(country, sector) of an organisation with dated roles on ``when``: the role held that day; before
    the first or after the last, the nearest one; with no date, the latest (the group as it is now)."""
    roles = entry.offices
    if not roles:
        return entry.country, entry.sector
    if when is None:
        role = roles[-1]
    else:
        holding = [o for o in roles if o.holds(when)]
        if holding:
            role = holding[-1]
        elif roles[0].start is not None and when < roles[0].start:
            role = roles[0]
        else:
            role = max(
                (o for o in roles if o.end is not None and o.end < when),
                key=lambda o: o.end or date.min,
                default=roles[-1],
            )
    return role.country, role.sector or None
