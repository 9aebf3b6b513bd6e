"""decode_html / decode_text: the charset cascade on pages generated in legacy encodings."""

from __future__ import annotations

import pytest

from eventwire.ingest import decode_html, decode_text

RUSSIAN = "Президент России Владимир Путин и премьер-министр Японии Синдзо Абэ договорились о переговорах."
JAPANESE = "日本の安倍晋三首相とロシアのプーチン大統領は、平和条約交渉を加速させることで合意した。"
FRENCH = "Le président français a déclaré que les négociations étaient « très difficiles » à l'été."


def _page(text: str, meta: str = "") -> str:
    return f"<html><head>{meta}<title>t</title></head><body><p>{text}</p><p>{text}</p></body></html>"


@pytest.mark.parametrize(
    ("text", "codec"),
    [(RUSSIAN, "cp1251"), (JAPANESE, "shift_jis"), (FRENCH, "latin-1"), (RUSSIAN, "koi8-r")],
)
def test_ingest_decode_html_undeclared_legacy_charsets(text: str, codec: str) -> None:
    decoded, _ = decode_html(_page(text).encode(codec))
    assert text in decoded


@pytest.mark.parametrize(
    ("text", "codec"), [(RUSSIAN, "cp1251"), (JAPANESE, "shift_jis"), (FRENCH, "latin-1")]
)
def test_ingest_decode_html_uses_correct_declared_charset(text: str, codec: str) -> None:
    decoded, encoding = decode_html(_page(text).encode(codec), declared=codec)
    assert text in decoded
    assert encoding in {"cp1251", "shift_jis", "cp1252", "latin-1"}


@pytest.mark.parametrize(
    ("text", "codec", "wrong"),
    [(RUSSIAN, "cp1251", "utf-8"), (RUSSIAN, "cp1251", "iso-8859-1"), (JAPANESE, "shift_jis", "utf-8")],
)
def test_ingest_decode_html_overrides_wrong_declared_charset(text: str, codec: str, wrong: str) -> None:
    decoded, encoding = decode_html(_page(text).encode(codec), declared=wrong)
    assert text in decoded
    assert encoding != wrong


def test_ingest_decode_html_reads_meta_charset() -> None:
    content = _page(RUSSIAN, '<meta charset="windows-1251">').encode("cp1251")
    assert decode_html(content) == (_page(RUSSIAN, '<meta charset="windows-1251">'), "cp1251")


def test_ingest_decode_html_wrong_meta_charset_is_overridden() -> None:
    content = _page(RUSSIAN, '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">').encode(
        "cp1251"
    )
    decoded, encoding = decode_html(content)
    assert RUSSIAN in decoded
    assert encoding == "cp1251"


def test_ingest_decode_html_bom_wins_over_declaration() -> None:
    content = "\ufeff".encode() + _page(FRENCH).encode("utf-8")
    assert decode_html(content, declared="cp1251") == (_page(FRENCH), "utf-8")


def test_ingest_decode_html_never_raises_on_garbage() -> None:
    garbage = bytes(range(256)) * 20
    text, encoding = decode_html(garbage, declared="no-such-charset")
    assert isinstance(text, str)
    assert encoding


def test_ingest_decode_text_utf8_with_bom() -> None:
    assert decode_text("\ufeff".encode() + FRENCH.encode()) == FRENCH


def test_ingest_decode_text_keeps_utf8_despite_a_few_broken_bytes() -> None:
    content = (RUSSIAN + " ").encode() * 5 + b"\xff\xfe" + RUSSIAN.encode()
    text = decode_text(content)
    assert text.count(RUSSIAN) == 6
    assert "\ufffd" in text


def test_ingest_decode_text_detects_legacy_encoding() -> None:
    assert RUSSIAN in decode_text((RUSSIAN + "\n").encode("cp1251") * 3)


@pytest.mark.parametrize("wrong", ["iso-8859-1", "cp1251"])
def test_ingest_decode_html_utf8_page_declared_as_legacy(wrong: str) -> None:
    decoded, encoding = decode_html(_page(RUSSIAN + FRENCH).encode("utf-8"), declared=wrong)
    assert RUSSIAN + FRENCH in decoded
    assert encoding == "utf-8"
