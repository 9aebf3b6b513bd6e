"""Surface forms of English verbs and nouns, so patterns match without a lemmatizer.

The NLP stage runs the parser without spaCy's lemmatizer; patterns name lemmas, so the coder expands
each lemma to its inflected forms (regular rules plus a frozen table of irregular verbs).
"""

from __future__ import annotations

_IRREGULAR: dict[str, tuple[str, ...]] = {
    "arise": ("arose", "arisen"),
    "be": ("is", "are", "was", "were", "been", "am"),
    "beat": ("beat", "beaten"),
    "begin": ("began", "begun"),
    "bind": ("bound",),
    "bring": ("brought",),
    "build": ("built",),
    "buy": ("bought",),
    "catch": ("caught",),
    "choose": ("chose", "chosen"),
    "come": ("came",),
    "deal": ("dealt",),
    "do": ("did", "done", "does"),
    "draw": ("drew", "drawn"),
    "drive": ("drove", "driven"),
    "fight": ("fought",),
    "find": ("found",),
    "fly": ("flew", "flown"),
    "forbid": ("forbade", "forbidden"),
    "freeze": ("froze", "frozen"),
    "give": ("gave", "given"),
    "go": ("went", "gone", "goes"),
    "have": ("had", "has"),
    "hold": ("held",),
    "keep": ("kept",),
    "lay": ("laid",),
    "lead": ("led",),
    "leave": ("left",),
    "lend": ("lent",),
    "make": ("made",),
    "meet": ("met",),
    "overthrow": ("overthrew", "overthrown"),
    "pay": ("paid",),
    "retake": ("retook", "retaken"),
    "ride": ("rode", "ridden"),
    "rise": ("rose", "risen"),
    "say": ("said",),
    "see": ("saw", "seen"),
    "seek": ("sought",),
    "sell": ("sold",),
    "send": ("sent",),
    "set": ("set",),
    "shoot": ("shot",),
    "slay": ("slew", "slain"),
    "speak": ("spoke", "spoken"),
    "spend": ("spent",),
    "steal": ("stole", "stolen"),
    "strike": ("struck", "stricken"),
    "swear": ("swore", "sworn"),
    "take": ("took", "taken"),
    "teach": ("taught",),
    "tell": ("told",),
    "think": ("thought",),
    "throw": ("threw", "thrown"),
    "undertake": ("undertook", "undertaken"),
    "win": ("won",),
    "withdraw": ("withdrew", "withdrawn"),
    "withhold": ("withheld",),
    "write": ("wrote", "written"),
}
_VOWELS = "aeiou"


def _double_final(lemma: str) -> bool:
    """Whether a short verb doubles its last consonant (stop -> stopped), by the CVC rule."""
    if len(lemma) < 3 or lemma[-1] in _VOWELS + "wxy":
        return False
    return lemma[-2] in _VOWELS and lemma[-3] not in _VOWELS and len(lemma) <= 4


def verb_forms(lemma: str) -> set[str]:
    """The lemma and its -s, -ed, -ing and irregular forms (multi-word lemmas inflect the first word)."""
    head, _, rest = lemma.partition(" ")
    forms = {head}
    if head.endswith("e"):
        forms |= {head + "s", head + "d", head[:-1] + "ing"}
    elif head.endswith("y") and len(head) > 2 and head[-2] not in _VOWELS:
        forms |= {head[:-1] + "ies", head[:-1] + "ied", head + "ing"}
    elif head.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {head + "es", head + "ed", head + "ing"}
    else:
        forms |= {head + "s", head + "ed", head + "ing"}
    if _double_final(head):
        forms |= {head + head[-1] + "ed", head + head[-1] + "ing"}
    forms |= set(_IRREGULAR.get(head, ()))
    return {f"{f} {rest}".strip() for f in forms}


def noun_forms(lemma: str) -> set[str]:
    """The noun and its plural."""
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        return {lemma, lemma + "es"}
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in _VOWELS:
        return {lemma, lemma[:-1] + "ies"}
    return {lemma, lemma + "s"}
