"""Surface forms of English verbs and nouns, so patterns match without a lemmatizer.

The NLP stage runs the parser without spaCy's lemmatizer; patterns name lemmas, so the coder expands
each lemma to its inflected forms (regular rules plus a frozen table of irregular verbs).
"""

from __future__ import annotations

_IRREGULAR: dict[str, tuple[str, ...]] = {
    "arise": ("arose", "arisen"),
    "be": ("is", "are", "was", "were", "been", "am"),
    "bear": ("bore", "borne"),
    "beat": ("beat", "beaten"),
    "begin": ("began", "begun"),
    "bid": ("bid",),
    "bind": ("bound",),
    "bite": ("bit", "bitten"),
    "blow": ("blew", "blown"),
    "break": ("broke", "broken"),
    "bring": ("brought",),
    "build": ("built",),
    "buy": ("bought",),
    "catch": ("caught",),
    "choose": ("chose", "chosen"),
    "come": ("came",),
    "cut": ("cut",),
    "deal": ("dealt",),
    "do": ("did", "done", "does"),
    "draw": ("drew", "drawn"),
    "drive": ("drove", "driven"),
    "fall": ("fell", "fallen"),
    "feel": ("felt",),
    "fight": ("fought",),
    "find": ("found",),
    "flee": ("fled",),
    "fly": ("flew", "flown"),
    "forbid": ("forbade", "forbidden"),
    "foresee": ("foresaw", "foreseen"),
    "forgive": ("forgave", "forgiven"),
    "forsake": ("forsook", "forsaken"),
    "freeze": ("froze", "frozen"),
    "get": ("got", "gotten"),
    "give": ("gave", "given"),
    "go": ("went", "gone", "goes"),
    "grow": ("grew", "grown"),
    "hang": ("hung", "hanged"),
    "have": ("had", "has"),
    "hide": ("hid", "hidden"),
    "hit": ("hit",),
    "hold": ("held",),
    "keep": ("kept",),
    "know": ("knew", "known"),
    "lay": ("laid",),
    "lead": ("led",),
    "leave": ("left",),
    "lend": ("lent",),
    "let": ("let",),
    "light": ("lit",),
    "lose": ("lost",),
    "make": ("made",),
    "meet": ("met",),
    "mislead": ("misled",),
    "overcome": ("overcame",),
    "overrun": ("overran",),
    "overtake": ("overtook", "overtaken"),
    "overthrow": ("overthrew", "overthrown"),
    "pay": ("paid",),
    "put": ("put",),
    "quit": ("quit", "quitting"),
    "rebuild": ("rebuilt",),
    "retake": ("retook", "retaken"),
    "ride": ("rode", "ridden"),
    "rise": ("rose", "risen"),
    "run": ("ran",),
    "say": ("said",),
    "see": ("saw", "seen"),
    "seek": ("sought",),
    "sell": ("sold",),
    "send": ("sent",),
    "set": ("set",),
    "shake": ("shook", "shaken"),
    "shoot": ("shot",),
    "shut": ("shut",),
    "sit": ("sat",),
    "slay": ("slew", "slain"),
    "speak": ("spoke", "spoken"),
    "spend": ("spent",),
    "spread": ("spread",),
    "stand": ("stood",),
    "steal": ("stole", "stolen"),
    "stick": ("stuck",),
    "strike": ("struck", "stricken"),
    "swear": ("swore", "sworn"),
    "sweep": ("swept",),
    "take": ("took", "taken"),
    "teach": ("taught",),
    "tear": ("tore", "torn"),
    "tell": ("told",),
    "think": ("thought",),
    "throw": ("threw", "thrown"),
    "understand": ("understood",),
    "undertake": ("undertook", "undertaken"),
    "uphold": ("upheld",),
    "upset": ("upset",),
    "wake": ("woke", "woken"),
    "win": ("won",),
    "withdraw": ("withdrew", "withdrawn"),
    "withhold": ("withheld",),
    "withstand": ("withstood",),
    "write": ("wrote", "written"),
}
_VOWELS = "aeiou"
# Longer verbs stressed on the last syllable double their final consonant (committed, expelled).
_DOUBLING = frozenset(
    ("abet", "acquit", "admit", "annul", "commit", "compel", "confer", "control", "defer", "deter", "dispel")
    + ("emit", "embed", "enrol", "equip", "expel", "extol", "incur", "infer", "kidnap", "occur", "omit")
    + ("outfit", "patrol", "permit", "prefer", "propel", "rebel", "recur", "refer", "regret", "repel")
    + ("submit", "transfer", "transmit", "worship")
)


def _double_final(lemma: str) -> bool:
    """Whether a short verb doubles its last consonant (stop -> stopped), by the CVC rule."""
    if lemma in _DOUBLING:
        return True
    if len(lemma) < 3 or lemma[-1] in _VOWELS + "wxy":
        return False
    return lemma[-2] in _VOWELS and lemma[-3] not in _VOWELS and len(lemma) <= 4


def verb_forms(lemma: str) -> set[str]:
    """The lemma and its -s, -ed, -ing and irregular forms (multi-word lemmas inflect the first word)."""
    head, _, rest = lemma.partition(" ")
    forms = {head}
    if head.endswith(("ee", "ye", "oe")):
        forms |= {head + "s", head + "d", head + "ing"}  # agreeing, fleeing
    elif head.endswith("ie"):
        forms |= {head + "s", head + "d", head[:-2] + "ying"}  # dying, tying
    elif head.endswith("e"):
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
