"""Derived codes: what an action becomes when it is promised, threatened, refused or demanded.

CAMEO mirrors its action codes in the intent (03), appeal (02), demand (10), reject (12) and threat
(13) families; these frozen tables give the mirror of each action by its most specific prefix.
A pattern can override any of them in its YAML entry.
"""

from __future__ import annotations

_INTENT = {
    "04": "036", "05": "032", "06": "031", "061": "0311", "062": "0312", "063": "0313", "064": "0314",
    "07": "033", "071": "0331", "072": "0332", "073": "0333", "074": "0334",
    "08": "035", "081": "0351", "0841": "0353", "085": "0354", "086": "0355", "087": "0356",
}  # fmt: skip
_THREAT = {
    "14": "133", "15": "138", "16": "131", "161": "1313", "162": "1311", "163": "1312", "164": "134",
    "17": "137", "18": "138", "19": "138", "191": "1381", "192": "1382", "20": "1385",
}  # fmt: skip
_REJECT = {
    "03": "120", "04": "125", "05": "120", "06": "121", "061": "1211", "062": "1212",
    "07": "122", "071": "1221", "072": "1222", "073": "1223", "074": "1224",
    "08": "124", "081": "1241", "0841": "1243", "085": "1244", "086": "1245", "087": "1246",
}  # fmt: skip
_DEMAND = {
    "04": "108", "05": "102", "06": "101", "061": "1011", "062": "1012", "063": "1013", "064": "1014",
    "07": "103", "071": "1031", "072": "1032", "073": "1033", "074": "1034",
    "08": "105", "081": "1051", "0841": "1053", "085": "1054", "086": "1055", "087": "1056",
    "0871": "107", "0872": "106", "09": "101",
}  # fmt: skip
_APPEAL = {
    "04": "026", "05": "022", "06": "021", "061": "0211", "062": "0212", "063": "0213", "064": "0214",
    "07": "023", "071": "0231", "072": "0232", "073": "0233", "074": "0234",
    "08": "025", "081": "0251", "0841": "0253", "085": "0254", "086": "0255", "087": "0256",
}  # fmt: skip
_TABLES = {"intent": _INTENT, "threat": _THREAT, "reject": _REJECT, "demand": _DEMAND, "appeal": _APPEAL}
_GENERIC = {"demand": "100", "appeal": "020"}


def derive(kind: str, code: str) -> str | None:
    """The code for ``kind`` (intent/threat/reject/demand/appeal) of action ``code``; None if none.

    Intent of a conflict action is its threat, threat of a cooperative action its intent. Actions that
    are already statements (01-03, 09-13) keep their own code for intent and threat.
    """
    if kind in ("intent", "threat"):
        table = _THREAT if code[:2] >= "14" else _INTENT
        found = _lookup(table, code)
        if found is None and "03" <= code[:2] <= "13":
            return code
        if found is None and code[:2] in ("01", "02"):
            return code
        return found
    found = _lookup(_TABLES[kind], code)
    return found if found is not None else _GENERIC.get(kind)


def _lookup(table: dict[str, str], code: str) -> str | None:
    for length in (4, 3, 2):
        if len(code) >= length and code[:length] in table:
            return table[code[:length]]
    return None
