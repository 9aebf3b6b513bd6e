"""The pattern dictionary: coverage of all CAMEO roots, validation with file and line, user overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import DataFileError
from eventwire.events import cameo_table, load_patterns
from eventwire.events._derive import derive
from eventwire.events.petrarch_verbs import convert_verbs, read_verbs

DATA = Path(__file__).parent / "data" / "events"


def test_patterns_cover_all_twenty_roots() -> None:
    patterns = load_patterns(cameo_table())
    assert {p.code[:2] for p in patterns.patterns} == {f"{n:02d}" for n in range(1, 21)}


def test_patterns_prepositions_stay_words() -> None:
    """YAML 1.1 would read 'on' as true; the loader keeps it a preposition."""
    patterns = load_patterns(cameo_table())
    sanctions = next(p for p in patterns.patterns if p.id == "reduce.sanctions")
    assert "on" in sanctions.target


def test_patterns_index_inflected_forms() -> None:
    patterns = load_patterns(cameo_table())
    assert any(p.id == "consult.meet" for p in patterns.verb_index["met"])
    assert any(p.id == "consult.negotiate" for p in patterns.noun_index["talks"])
    assert patterns.control_mode("refused", set()) == "reject"
    assert patterns.control_mode("called", {"on"}) == "appeal"
    assert patterns.control_mode("called", {"him"}) is None


def test_patterns_user_file_overrides_by_id(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text('patterns:\n  - {id: consult.meet, code: "043", verbs: [meet], target: [with]}\n')
    patterns = load_patterns(cameo_table(), [extra])
    meet = [p for p in patterns.patterns if p.id == "consult.meet"]
    assert len(meet) == 1 and meet[0].code == "043"


def test_patterns_bad_code_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        'patterns:\n  - {id: a, code: "040", verbs: [meet]}\n  - {id: b, code: "999", verbs: [x]}\n'
    )
    with pytest.raises(DataFileError, match=r"bad.yaml:3: 'code'"):
        load_patterns(cameo_table(), [bad])


def test_patterns_unknown_key_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text('patterns:\n  - {id: a, code: "040", verb: [meet]}\n')
    with pytest.raises(DataFileError, match=r"bad.yaml:2: unknown keys"):
        load_patterns(cameo_table(), [bad])


def test_patterns_derived_codes_mirror_cameo_families() -> None:
    assert derive("intent", "040") == "036"
    assert derive("intent", "190") == "138"
    assert derive("reject", "040") == "125"
    assert derive("demand", "0841") == "1053"
    assert derive("appeal", "070") == "023"
    assert derive("reject", "190") is None


def test_patterns_petrarch_verbs_convert_and_load(tmp_path: Path) -> None:
    table = cameo_table()
    converted = read_verbs(DATA / "petrarch_sample_verbs.txt", table)
    assert converted.skipped == 3  # a word before '*', an optional group, a non-CAMEO code
    talks = next(e for e in converted.entries if e.get("nouns") == ["talks"])
    assert talks["code"] == "046"
    ties = next(e for e in converted.entries if e.get("nouns") == ["relations", "ties"])
    assert ties["code"] == "064"  # the &TIEWORDS synset expanded
    out = tmp_path / "verbs.yaml"
    assert convert_verbs([DATA / "petrarch_sample_verbs.txt"], out, table) == len(converted.entries)
    assert len(load_patterns(table, [out]).patterns) > len(load_patterns(table).patterns)


def test_patterns_user_patterns_are_tried_first(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text('patterns:\n  - {id: my.meet, code: "044", verbs: [meet], target: [with]}\n')
    patterns = load_patterns(cameo_table(), [extra])
    assert patterns.verb_index["met"][0].id == "my.meet"
