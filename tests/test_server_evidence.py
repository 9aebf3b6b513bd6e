"""evidence_segments: highlight source, target and trigger inside an evidence sentence."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from eventwire.server.evidence import Mark, evidence_segments

SENTENCE = "Japan protested against Russian military drills near the islands."


def _roles(segments: list) -> dict[str, str]:
    return {s.role: s.text for s in segments if s.role}


def test_server_evidence_uses_sentence_offsets_when_they_fit() -> None:
    marks = [
        Mark("source", 0, 5, "Japan"),
        Mark("trigger", 6, 15, "protested"),
        Mark("target", 24, 31, "Russian"),
    ]
    assert _roles(evidence_segments(SENTENCE, marks)) == {
        "source": "Japan",
        "trigger": "protested",
        "target": "Russian",
    }


def test_server_evidence_finds_text_when_offsets_count_from_article() -> None:
    # offsets into a longer article: the sentence starts at 120
    marks = [Mark("source", 120, 125, "Japan"), Mark("target", 144, 151, "Russian")]
    segments = evidence_segments(SENTENCE, marks)
    assert _roles(segments) == {"source": "Japan", "target": "Russian"}
    assert segments[0].text == "Japan"


def test_server_evidence_picks_occurrence_nearest_the_offset() -> None:
    sentence = "Japan told Japan's allies."
    segments = evidence_segments(sentence, [Mark("target", 11, 16, "Japan")])
    assert [(s.text, s.role) for s in segments][:3] == [
        ("Japan told ", None),
        ("Japan", "target"),
        ("'s allies.", None),
    ]


def test_server_evidence_skips_missing_and_overlapping_marks() -> None:
    marks = [
        Mark("source", 0, 5, "Japan"),
        Mark("target", 0, 5, "Japan"),  # overlaps the source
        Mark("trigger", None, None, "condemned"),  # not in the sentence
    ]
    assert _roles(evidence_segments(SENTENCE, marks)) == {"source": "Japan"}


def test_server_evidence_matches_case_insensitively_as_fallback() -> None:
    assert _roles(evidence_segments(SENTENCE, [Mark("trigger", None, None, "PROTESTED")])) == {
        "trigger": "protested"
    }


@given(
    st.text(min_size=0, max_size=60),
    st.lists(
        st.tuples(
            st.sampled_from(["source", "target", "trigger"]),
            st.integers(-5, 80),
            st.integers(-5, 80),
            st.text(max_size=8),
        ),
        max_size=4,
    ),
)
def test_server_evidence_always_returns_the_whole_sentence(sentence: str, raw: list) -> None:
    marks = [Mark(role, start, end, text) for role, start, end, text in raw]
    segments = evidence_segments(sentence, marks)
    assert "".join(s.text for s in segments) == sentence
