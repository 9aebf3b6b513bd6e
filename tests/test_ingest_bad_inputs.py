"""The bad-input folder: every good document is read and every bad one leaves exactly one clear row."""

from __future__ import annotations

import gzip
import io
import shutil
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.ingest import read_inputs
from eventwire.records import DocumentStatus, RawDocument, Status
from eventwire.settings import Settings

DATA = Path(__file__).resolve().parent / "data" / "ingest"
PAGE = b"<html><body><p>Egypt and Sudan agreed to reopen the Argeen border crossing.</p></body></html>"


def _warc(urls: list[str]) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for url in urls:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        body = io.BytesIO(PAGE + url.encode())
        writer.write_record(writer.create_warc_record(url, "response", payload=body, http_headers=headers))
    return buffer.getvalue()


def _bad_folder(root: Path) -> None:
    for name in ("summit.html", "wire.txt", "wires.jsonl", "world.atom"):
        shutil.copy(DATA / name, root / name)
    (root / "good.warc").write_bytes(_warc(["https://good.example/1", "https://good.example/2"]))
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4)
    (root / "empty.html").write_bytes(b"")
    packed = gzip.compress(b"".join(PAGE + str(n * n).encode() for n in range(2000)))
    (root / "cut.html.gz").write_bytes(packed[: len(packed) // 2])
    whole = _warc(["https://cut.example/1", "https://cut.example/2"])
    (root / "cut.warc").write_bytes(whole[: len(whole) - 40])
    (root / "latin.txt").write_bytes(
        "Le ministre a déclaré: « non ».\n".encode("latin-1") + b"\xff\xfe\x81 end\n"
    )
    with (root / "huge.html").open("wb") as handle:  # 50 MB, written without holding it in memory
        handle.write(b"<html><body>")
        for _ in range(50):
            handle.write(b"<p>" + b"x" * (1024 * 1024) + b"</p>")
    lines = (DATA / "wires.jsonl").read_text(encoding="utf-8").splitlines()
    (root / "broken.jsonl").write_text(
        "\n".join([lines[0], '{"url": "https://x.example/", "html": ', lines[1]]) + "\n"
    )


def test_ingest_bad_folder_accounts_for_every_input(tmp_path: Path, settings: Settings) -> None:
    _bad_folder(tmp_path)
    items = list(read_inputs([str(tmp_path)], settings))
    docs = {item.origin for item in items if isinstance(item, RawDocument)}
    rows = {item.origin: item for item in items if isinstance(item, DocumentStatus)}
    assert len(rows) == sum(isinstance(item, DocumentStatus) for item in items)  # one row per bad document
    root = str(tmp_path)
    assert {o for o in docs if "#" not in o} == {
        f"{root}/summit.html",
        f"{root}/wire.txt",
        f"{root}/latin.txt",
        f"{root}/wires.jsonl:1",
        f"{root}/wires.jsonl:2",
        f"{root}/broken.jsonl:1",
        f"{root}/broken.jsonl:3",
    }
    assert sum(o.startswith(f"{root}/good.warc#") for o in docs) == 2
    assert sum(o.startswith(f"{root}/cut.warc#") for o in docs) == 1
    assert sum(o.startswith(f"{root}/world.atom#") for o in docs) == 1
    reasons = {Path(o.split("#")[0]).name: (r.status, r.reason) for o, r in rows.items()}
    assert reasons == {
        "photo.jpg": (Status.SKIPPED, "binary file (looks like JPEG)"),
        "empty.html": (Status.SKIPPED, "empty file"),
        "cut.html.gz": (Status.FAILED, reasons["cut.html.gz"][1]),
        "cut.warc": (Status.FAILED, reasons["cut.warc"][1]),
        "huge.html": (
            Status.SKIPPED,
            f"file of {(tmp_path / 'huge.html').stat().st_size} bytes is larger than max_document_bytes (20000000)",
        ),
        "broken.jsonl:2": (Status.FAILED, reasons["broken.jsonl:2"][1]),
    }
    assert reasons["cut.html.gz"][1].startswith("truncated gzip stream")
    assert reasons["cut.warc"][1].startswith("truncated WARC: record <urn:uuid:")
    assert reasons["broken.jsonl:2"][1].startswith("line 2: invalid JSON")
    assert all(row.stage == "ingest" for row in rows.values())
