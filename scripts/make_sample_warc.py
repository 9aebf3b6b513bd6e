"""Regenerate ``samples/crawl.warc.gz``, the WARC file of eventwire's bundled sample corpus.

Usage::

    .venv/bin/python scripts/make_sample_warc.py            # writes samples/crawl.warc.gz
    .venv/bin/python scripts/make_sample_warc.py out.warc.gz

The file holds, in this order: one ``warcinfo`` record, then for each captured URL a ``request`` record
followed by its ``response`` record. Three responses are HTML news articles (what the pipeline should
code); one is a 404 page and one is a GIF image (what the WARC reader should skip with a reason).

Record ids and dates are derived from the captures themselves, and warcio writes gzip members with a
zero timestamp, so running the script twice yields byte-identical output.

The article texts are original, written for eventwire, and released under the project's MIT licence.
All site names and URLs use the reserved ``.example`` domain.
"""

from __future__ import annotations

import argparse
import base64
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "samples" / "crawl.warc.gz"
ID_NAMESPACE = uuid.UUID("6f1d7c2e-3b7a-4f59-9a51-2a8f0e4c9b10")
USER_AGENT = "eventwire-sample-crawler/0.1 (+https://eventwire.example/bot)"

# The smallest valid GIF: one transparent pixel.
PIXEL_GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")

NATO_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>NATO says Ukraine's future is in the alliance but sets no timetable | North Sea Chronicle</title>
<meta property="og:type" content="article">
<meta property="og:site_name" content="North Sea Chronicle">
<meta property="og:title" content="NATO says Ukraine's future is in the alliance but sets no timetable">
<meta property="article:published_time" content="2023-07-11T21:15:00+03:00">
<link rel="canonical" href="https://www.northsea-chronicle.example/world/2023/07/11/nato-vilnius-ukraine-membership">
</head>
<body>
<header><a href="/">North Sea Chronicle</a>
<nav><a href="/world/">World</a> <a href="/europe/">Europe</a> <a href="/defence/">Defence</a> <a href="/climate/">Climate</a></nav>
</header>
<main>
<article>
<h1>NATO says Ukraine's future is in the alliance but sets no timetable</h1>
<p class="byline">By Henrik Dahl in Vilnius</p>
<p>VILNIUS, July 11 - NATO leaders said on Tuesday that Ukraine's future lies in the alliance and agreed to
drop a requirement for a formal membership action plan, but they stopped short of setting a date for Kyiv to
join, angering President Volodymyr Zelensky.</p>
<p>In their summit declaration, the allies said they would be in a position to extend an invitation to
Ukraine "when allies agree and conditions are met". Secretary General Jens Stoltenberg called it a strong
and positive message and said the alliance had never sent such a clear signal to Kyiv.</p>
<p>Zelensky, who was due to arrive in the Lithuanian capital later in the day, accused the allies of
indecision. He wrote on social media that it was absurd that no time frame had been set and warned that
uncertainty would only encourage Russia to continue its terror.</p>
<p>The summit opened in a better mood after Turkish President Recep Tayyip Erdogan agreed on Monday evening
to send Sweden's membership bid to the Turkish parliament for ratification, ending months of deadlock.
Swedish Prime Minister Ulf Kristersson called it a very good day for Sweden.</p>
<p>US President Joe Biden, who met Erdogan on the sidelines of the summit, promised to work with Congress on
Turkey's request to buy F-16 fighter jets. Lithuanian President Gitanas Nausėda, the host, urged allies to
give Ukraine more long-range weapons.</p>
<p>Leaders of the Group of Seven are expected to announce long-term security commitments for Ukraine on
Wednesday. The Kremlin warned that bringing Ukraine closer to NATO would have very negative consequences
for European security.</p>
</article>
<aside><h2>Most popular</h2><a href="/climate/heatwave">Heatwave grips southern Europe</a></aside>
</main>
<footer><a href="/privacy">Privacy</a> | <a href="/terms">Terms</a> | &copy; 2023 North Sea Chronicle</footer>
</body>
</html>
"""

KOREA_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>North Korean ICBM lands in Japan's economic zone; Kishida calls launch unacceptable - Pacific Monitor</title>
<meta property="og:type" content="article">
<meta property="og:site_name" content="Pacific Monitor">
<meta property="og:title" content="North Korean ICBM lands in Japan's economic zone; Kishida calls launch unacceptable">
<meta property="article:published_time" content="2022-11-18T14:05:00+09:00">
<link rel="canonical" href="https://www.pacific-monitor.example/asia/2022/11/18/north-korea-icbm-japan-eez">
</head>
<body>
<div class="topbar"><a href="/">Pacific Monitor</a> | <a href="/asia/">Asia</a> | <a href="/security/">Security</a>
| <a href="/markets/">Markets</a> | <a href="/login">Log in</a></div>
<div class="layout">
<article class="story">
<h1>North Korean ICBM lands in Japan's economic zone; Kishida calls launch unacceptable</h1>
<div class="dateline">November 18, 2022</div>
<img src="/img/launch-map.gif" alt="Map of the missile's flight path">
<p>TOKYO/SEOUL - North Korea fired an intercontinental ballistic missile on Friday that landed in the sea
inside Japan's exclusive economic zone, about 200 km west of Oshima-Oshima island off Hokkaido, Japan's
defence ministry said.</p>
<p>Prime Minister Fumio Kishida, speaking in Bangkok where he was attending the Asia-Pacific Economic
Cooperation summit, called the launch absolutely unacceptable and said Japan had lodged a strong protest
with Pyongyang through diplomatic channels in Beijing.</p>
<p>Defence Minister Yasukazu Hamada said the missile flew for about 69 minutes and that, depending on the
weight of its warhead, it could have a range capable of reaching the mainland United States.</p>
<p>South Korean President Yoon Suk-yeol convened an emergency meeting of his national security council and
ordered the military to strengthen joint readiness with the United States. Seoul's joint chiefs of staff
said the missile was launched from the Sunan area of Pyongyang.</p>
<p>US Vice President Kamala Harris met the leaders of Japan, South Korea, Australia, New Zealand and Canada
in Bangkok and condemned the launch as a brazen violation of UN Security Council resolutions. She urged
North Korea to stop further unlawful, destabilising acts.</p>
<p>A day earlier, North Korea's foreign minister, Choe Son Hui, had warned that Pyongyang would take
fiercer military countermeasures if Washington strengthened its security commitments to Seoul and Tokyo.</p>
</article>
<aside class="related"><h3>Related</h3><a href="/asia/2022/11/03/north-korea-missiles-record">North Korea
fires a record number of missiles in one day</a></aside>
</div>
<footer>&copy; Pacific Monitor 2022. <a href="/about">About</a> <a href="/cookies">Cookie policy</a></footer>
</body>
</html>
"""

RUSSIA_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Russia detains American reporter on spying charges | Eastern Courier</title>
<meta property="og:type" content="article">
<meta property="og:site_name" content="Eastern Courier">
<meta property="og:title" content="Russia detains American reporter on spying charges">
<meta property="article:published_time" content="2023-03-30T18:40:00+03:00">
<link rel="canonical" href="https://www.eastern-courier.example/europe/2023/03/30/russia-detains-us-reporter">
</head>
<body>
<header><h2 class="site"><a href="/">Eastern Courier</a></h2>
<ul class="nav"><li><a href="/europe/">Europe</a></li><li><a href="/russia/">Russia</a></li>
<li><a href="/ukraine/">Ukraine</a></li><li><a href="/media/">Media</a></li></ul>
</header>
<main>
<article>
<h1>Russia detains American reporter on spying charges</h1>
<p class="meta">Eastern Courier staff | 30 March 2023</p>
<p>MOSCOW - Russia's Federal Security Service said on Thursday it had arrested Evan Gershkovich, a reporter
for The Wall Street Journal, in the city of Yekaterinburg and accused him of spying for the United States.</p>
<p>The FSB said the journalist had been collecting secret information about a Russian defence plant on the
instructions of the American side. A court in Moscow later ordered him held in pre-trial detention for two
months. If convicted, he faces up to 20 years in prison.</p>
<p>The Wall Street Journal vehemently denied the allegations and demanded the immediate release of its
reporter. The newspaper said it stood in solidarity with Gershkovich and his family.</p>
<p>Kremlin spokesman Dmitry Peskov told reporters that the journalist had been caught red-handed, but gave no
details. He said the case was a matter for the security services.</p>
<p>In Washington, White House press secretary Karine Jean-Pierre condemned the detention in the strongest
terms and urged American citizens living in Russia to leave the country immediately. Secretary of State
Antony Blinken said he was deeply concerned.</p>
<p>Gershkovich is the first American reporter to be arrested on espionage charges in Russia since the Cold
War. Press freedom groups said the arrest was an attempt to intimidate foreign journalists still working in
the country.</p>
</article>
</main>
<footer><p>Subscribe to the Courier morning newsletter</p><p>&copy; 2023 Eastern Courier</p></footer>
</body>
</html>
"""

NOT_FOUND_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Page not found | North Sea Chronicle</title></head>
<body><h1>404 - Page not found</h1><p>The page you requested has moved or no longer exists.</p>
<p><a href="/">Back to the front page</a></p></body></html>
"""


@dataclass(frozen=True, slots=True)
class Capture:
    """One URL fetched by the (imaginary) crawler: the request we sent and the response we got."""

    url: str
    warc_date: str
    status: str
    content_type: str
    body: bytes


CAPTURES: tuple[Capture, ...] = (
    Capture(
        "https://www.northsea-chronicle.example/world/2023/07/11/nato-vilnius-ukraine-membership",
        "2023-07-11T19:02:11Z",
        "200 OK",
        "text/html; charset=utf-8",
        NATO_PAGE.encode("utf-8"),
    ),
    Capture(
        "https://www.northsea-chronicle.example/world/2023/07/10/nato-summit-live",
        "2023-07-11T19:02:14Z",
        "404 Not Found",
        "text/html; charset=utf-8",
        NOT_FOUND_PAGE.encode("utf-8"),
    ),
    Capture(
        "https://www.pacific-monitor.example/asia/2022/11/18/north-korea-icbm-japan-eez",
        "2022-11-18T06:31:40Z",
        "200 OK",
        "text/html; charset=utf-8",
        KOREA_PAGE.encode("utf-8"),
    ),
    Capture(
        "https://www.pacific-monitor.example/img/launch-map.gif",
        "2022-11-18T06:31:41Z",
        "200 OK",
        "image/gif",
        PIXEL_GIF,
    ),
    Capture(
        "https://www.eastern-courier.example/europe/2023/03/30/russia-detains-us-reporter",
        "2023-03-30T16:12:05Z",
        "200 OK",
        "text/html; charset=utf-8",
        RUSSIA_PAGE.encode("utf-8"),
    ),
)


def _record_id(*parts: str) -> str:
    """A stable ``<urn:uuid:…>`` id derived from what the record describes."""
    return f"<urn:uuid:{uuid.uuid5(ID_NAMESPACE, '|'.join(parts))}>"


def _http_date(warc_date: str) -> str:
    """``2023-07-11T19:02:11Z`` -> ``Tue, 11 Jul 2023 19:02:11 GMT`` for the HTTP Date header."""
    moment = datetime.strptime(warc_date, "%Y-%m-%dT%H:%M:%SZ")
    return moment.strftime("%a, %d %b %Y %H:%M:%S GMT")


def _warcinfo(writer: WARCWriter, filename: str) -> None:
    fields = (
        b"software: eventwire scripts/make_sample_warc.py (warcio)\r\n"
        b"format: WARC File Format 1.1\r\n"
        b"description: eventwire sample crawl; original texts, MIT licence\r\n"
        b"isPartOf: eventwire-samples\r\n"
    )
    record = writer.create_warc_record(
        "",
        "warcinfo",
        payload=BytesIO(fields),
        length=len(fields),
        warc_content_type="application/warc-fields",
        warc_headers_dict={
            "WARC-Record-ID": _record_id("warcinfo", filename),
            "WARC-Date": "2023-07-11T19:02:00Z",
            "WARC-Filename": filename,
        },
    )
    writer.write_record(record)


def _exchange(writer: WARCWriter, capture: Capture) -> None:
    """Write the request record and then the response record for one capture."""
    split = urlsplit(capture.url)
    response_id = _record_id("response", capture.url, capture.warc_date)
    request_headers = StatusAndHeaders(
        f"GET {split.path} HTTP/1.1",
        [("Host", split.netloc), ("User-Agent", USER_AGENT), ("Accept", "*/*")],
        protocol="HTTP/1.1",
        is_http_request=True,
    )
    request = writer.create_warc_record(
        capture.url,
        "request",
        payload=BytesIO(b""),
        length=0,
        http_headers=request_headers,
        warc_headers_dict={
            "WARC-Record-ID": _record_id("request", capture.url, capture.warc_date),
            "WARC-Date": capture.warc_date,
            "WARC-Concurrent-To": response_id,
        },
    )
    response_headers = StatusAndHeaders(
        capture.status,
        [
            ("Date", _http_date(capture.warc_date)),
            ("Content-Type", capture.content_type),
            ("Content-Length", str(len(capture.body))),
            ("Server", "nginx"),
        ],
        protocol="HTTP/1.1",
    )
    response = writer.create_warc_record(
        capture.url,
        "response",
        payload=BytesIO(capture.body),
        length=len(capture.body),
        http_headers=response_headers,
        warc_headers_dict={"WARC-Record-ID": response_id, "WARC-Date": capture.warc_date},
    )
    writer.write_record(request)
    writer.write_record(response)


def write_sample_warc(output: Path, captures: tuple[Capture, ...] = CAPTURES) -> Path:
    """Write the sample WARC (gzipped, WARC/1.1) to ``output`` and return the path."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True, warc_version="1.1")
        _warcinfo(writer, output.name)
        for capture in captures:
            _exchange(writer, capture)
    return output


def _summary(path: Path) -> Iterator[str]:
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            status = record.http_headers.get_statuscode() if record.http_headers else "-"
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            yield f"{record.rec_type:9} {status:>3}  {uri}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("output", nargs="?", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    path = write_sample_warc(args.output)
    print(f"wrote {path} ({path.stat().st_size} bytes)")
    for line in _summary(path):
        print(line)


if __name__ == "__main__":
    main()
