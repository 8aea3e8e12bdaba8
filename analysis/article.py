"""Read news articles (plain text, Markdown, saved HTML, JSONL corpora) into `Article`s and a paragraph table.

Paragraph table schema (one row per paragraph, in reading order):

| column       | type | meaning                                        |
|--------------|------|------------------------------------------------|
| `article_id` | str  | file stem, or the `id` field of a JSONL line   |
| `paragraph`  | int  | 1-based position in the article body           |
| `text`       | str  | the paragraph, whitespace- and NFC-normalised  |
| `words`      | int  | word count (see `count_words`)                 |
"""

from __future__ import annotations

import codecs
import io
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.errors import InputError

PARAGRAPH_COLUMNS = ["article_id", "paragraph", "text", "words"]
TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")
# Unicode spaces folded to a plain space; zero-width characters dropped.
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # and control characters
# A leading metadata prefix on the first line, as in the seed: "date 2020-01-03 BAGHDAD, ..."
_META_PREFIX = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b\s*", re.IGNORECASE)
# A "Key: value" line of a metadata block at the top of a file ("Title: ...", "Author: ...").
_KEY_VALUE = re.compile(r"^\s*([A-Za-z][\w\- ]{0,30}?)\s*:\s*(.+?)\s*$")
# Metadata keys the project reads, as written by editors, exporters and static-site generators.
FIELD_KEYS = {
    "title": "title", "headline": "title", "date": "date", "published": "date", "pubdate": "date",
    "outlet": "outlet", "source": "outlet", "publisher": "outlet", "publication": "outlet", "site": "outlet",
    "url": "url", "link": "url", "author": "author", "authors": "author", "byline": "author", "id": "id",
}
_YAML_FENCE = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?P<body>.*?)(?:\r?\n)(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_BYLINE = re.compile(r"^By\s+(?P<who>[A-Z][\w.'’\-]*(?:\s+(?:[A-Z][\w.'’\-]*|and|&|de|van|von|da|al-\w+),?)*)\s*$")
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# A line that is only a date, perhaps with a time and a label ("Published 9:14 a.m. ET, March 3, 2025").
_DATE_LINE = re.compile(
    rf"^(?:(?:Published|Updated|Posted|Last updated)(?:\s+on)?:?\s+)?[\w:.,/ ]{{0,30}}?"
    rf"(?P<date>\d{{4}}-\d{{2}}-\d{{2}}|{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTHS}\s+\d{{4}})"
    rf"[\w:.,/ ]{{0,25}}$", re.IGNORECASE)
# A dateline: CITY (or CITY/CITY) in capitals, optional ", Region", optional "(Outlet)", then a dash.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’/\- ]*[A-Z.](?:,\s*[A-Z][\w.'’\- ]*?)*)\s*"
    r"(?:\((?P<outlet>[^()]{2,60})\)\s*)?(?:—|–|--|-)\s+"
)
_ID_OK = re.compile(r"^[\w\-][\w.\-]*$")  # no leading dot: '.', '..' and hidden names are no folder for an article
MAX_ID_LENGTH = 120  # an article id names its output folder; file systems allow 255 bytes


def check_id(art_id: str, source: str | Path, line: int | None = None) -> str:
    """An article id given in a file (JSONL 'id', front matter 'id'), refused with a one-line error
    unless it is a safe folder name: letters, digits, '.', '_' and '-', not starting with '.'."""
    if not _ID_OK.match(art_id):
        raise InputError(source, f"id {art_id!r} may only hold letters, digits, '.', '_' and '-', "
                                 "and may not start with '.'", line)
    if len(art_id) > MAX_ID_LENGTH:
        raise InputError(source, f"id {art_id[:20]!r}... is {len(art_id)} characters long; at most {MAX_ID_LENGTH}", line)
    return art_id


def id_from_name(name: str) -> str:
    """A safe article id from a file name or path: other characters become '_', no leading dot, at most MAX_ID_LENGTH."""
    safe = re.sub(r"[^\w.\-]+", "_", name).lstrip(".") or "article"
    return safe[:MAX_ID_LENGTH]


@dataclass(frozen=True)
class Article:
    """One article: identity, metadata fields and body paragraphs."""

    id: str
    paragraphs: tuple[str, ...]
    source: str
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    dateline: str | None = None
    url: str | None = None
    author: str | None = None
    extra_fields: dict = field(default_factory=dict, compare=False, repr=False)  # metadata keys the project does not read
    labels: tuple[dict, ...] = field(default=(), compare=False, repr=False)
    event: str | None = field(default=None, compare=False, repr=False)  # labelled corpora: the CV group

    def fields(self) -> dict[str, str | int | None]:
        """Article-level fields, as written to summary.json."""
        return {
            "article_id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "date": self.date,
            "dateline": self.dateline,
            "url": self.url,
            "author": self.author,
            "fields": dict(self.extra_fields),
            "source": self.source,
            "paragraphs": len(self.paragraphs),
            "words": sum(count_words(p) for p in self.paragraphs),
        }


def count_words(text: str) -> int:
    """Words in text: runs of letters/digits, with inner apostrophes and hyphens kept together."""
    return len(_WORD.findall(text))


def normalise(text: str) -> str:
    """NFC, one plain space for any run of spaces, no zero-width characters; quotes and dashes kept."""
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    return _SPACES.sub(" ", text).strip()


def split_dateline(paragraph: str) -> tuple[str | None, str | None, str]:
    """Split 'BAGHDAD, Iraq (ABC News) — Text' into (dateline, outlet, text); no dateline gives (None, None, paragraph)."""
    m = _DATELINE.match(paragraph)
    if not m:
        return None, None, paragraph
    place = m.group("place").strip()
    # The city must be a capitalised word of two letters or more, not a sentence opener like "A —".
    city = place.split(",")[0].strip()
    if len(city.replace(".", "").replace(" ", "")) < 2 or not city.isupper():
        return None, None, paragraph
    rest = paragraph[m.end():].strip()
    if not rest:
        return None, None, paragraph
    outlet = m.group("outlet").strip() if m.group("outlet") else None
    return place, outlet, rest


def _strip_controls(text: str) -> str:
    """Text without NUL and other control characters (tabs and line breaks kept): they must never reach an output."""
    return "".join(ch for ch in text if ch in "\t\n\r\f" or unicodedata.category(ch) != "Cc")


def _no_controls(path: Path, text: str) -> str:
    """A file's text without control characters (_strip_controls); a blank file is an error."""
    if not text.strip():
        raise InputError(path, "file is empty (whitespace only)")
    return _strip_controls(text)


# byte-order marks, UTF-32 first: its little-endian mark begins with UTF-16's
_BOMS = ((b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\xfe\xff", "utf-16"), (b"\xff\xfe", "utf-16"))
_BINARY = ("binary file, not text (contains NUL bytes; for UTF-16 or UTF-32 without a byte-order mark, "
           "pass --encoding)")


def decode(path: Path, data: bytes, encoding: str | None = None) -> str:
    """Bytes to text: the given encoding, else UTF-8, else Windows-1252 with a warning; binary data is refused."""
    if not data.strip():
        raise InputError(path, "file is empty")
    if encoding:  # the user's word comes before any guess (a BOM-less UTF-16 file holds NUL bytes)
        try:
            return _no_controls(path, data.decode(encoding))
        except LookupError:
            raise InputError(path, f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise InputError(path, f"not valid {encoding} at byte {exc.start}") from None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _no_controls(path, data.decode(codec))
            except UnicodeDecodeError as exc:
                raise InputError(path, f"not valid {codec} at byte {exc.start}") from None
    if b"\x00" in data[:8192]:
        raise InputError(path, _BINARY)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(
            path, f"not UTF-8 (bad byte at offset {utf8_error.start}) and not Windows-1252; "
            "re-save it as UTF-8 or pass --encoding"
        ) from None
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t\f")
    if controls > max(2, len(text) // 100):
        raise InputError(path, "binary file, not text (control characters)")
    print(f"framing: warning: {path}: not UTF-8, read as Windows-1252", file=sys.stderr)
    return text


def _blocks(text: str) -> list[list[str]]:
    """Blank-line separated blocks, each a list of its stripped lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


# Page furniture that survives copying or extraction: link teasers, ad markers, share prompts.
_FURNITURE = re.compile(
    r"^(?:read more|related(?: stories| articles| coverage)?|see also|also read|more on this|recommended|"
    r"advertisement|sponsored|sign up|subscribe|click here|share this(?: article)?|follow us|watch)\b\s*[:—–\-|]?",
    re.IGNORECASE)


def _is_subhead(paragraph: str) -> bool:
    """A section heading between paragraphs: all capitals, or a few title-case words without closing punctuation."""
    words = paragraph.split()
    if not words or len(words) > 8 or paragraph[-1] in ".!?:;,\"”'’)":
        return False
    letters = [ch for ch in paragraph if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters) and len(letters) >= 3:
        return True
    long = [w for w in words if len(w) > 3]
    return len(words) <= 6 and bool(long) and all(w[:1].isupper() for w in long)


def drop_furniture(paragraphs: list[str]) -> list[str]:
    """Paragraphs without page furniture ('Read more: ...', 'RELATED: ...', 'Advertisement') and
    without the subheads between them (all capitals, or a short title-case line)."""
    out = []
    for i, p in enumerate(paragraphs):
        if _FURNITURE.match(p) and (len(p.split()) <= 25 or re.match(r"(?i)^(?:read more|related|see also|also read)\s*:", p)):
            continue
        if 0 < i < len(paragraphs) - 1 and _is_subhead(p):
            continue
        out.append(p)
    return out


def _field_value(value: object) -> str | None:
    """A metadata value as text: dates in ISO form, lists joined with commas; empty gives None."""
    if value is None or value == "":
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10] if not hasattr(value, "hour") or not (value.hour or value.minute) else value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value if v not in (None, "")) or None
    return str(value).strip() or None


def _take_fields(pairs: Iterable[tuple[str, object]], meta: dict[str, str], extra: dict[str, object]) -> None:
    """Known keys into meta (first one wins), the others into extra."""
    for key, value in pairs:
        name = FIELD_KEYS.get(str(key).strip().lower())
        if name:
            text = _field_value(value)
            if text is not None:
                meta.setdefault(name, text)
        else:
            extra[str(key)] = value if isinstance(value, (str, int, float, bool, list, dict)) or value is None else _field_value(value)


def yaml_front_matter(text: str, source: str) -> tuple[dict[str, object], str] | None:
    """(keys, the text after it) for a YAML front matter block ('---' ... '---' at the top); None if there is none."""
    import yaml

    m = _YAML_FENCE.match(text)
    if not m:
        return None
    try:
        data = yaml.safe_load(m.group("body")) if m.group("body").strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise InputError(source, f"front matter between '---' lines is not valid YAML{where}: "
                                 f"{getattr(exc, 'problem', None) or exc}") from None
    if not isinstance(data, dict):
        raise InputError(source, "front matter between '---' lines must be 'key: value' pairs")
    return data, text[m.end():]


def _is_headline(line: str) -> bool:
    """A short line without closing punctuation, mostly capitalised: a title copied from a web page."""
    words = line.split()
    if not 2 <= len(words) <= 20 or line[-1] in ".!?:;,\"”'’" or not line[0].isupper():
        return False
    long = [w for w in words if len(w.strip("‘’'\"“”")) > 3]
    return not long or sum(w.strip("‘’'\"“”")[:1].isupper() for w in long) / len(long) >= 0.6


def _web_copy_header(blocks: list[list[str]], meta: dict[str, str]) -> None:
    """Take a headline, a byline ('By NAME') and a date line off the top of plain text copied from a page."""
    def single() -> str | None:
        return blocks[0][0] if blocks and len(blocks[0]) == 1 else None

    lines = [line for block in blocks[:3] for line in block]
    if len(blocks) > 1 and (line := single()) and "title" not in meta and (
            _is_headline(line) or (len(lines) > 1 and (_BYLINE.match(lines[1]) or _DATE_LINE.match(lines[1])))
            and len(line.split()) <= 20 and line[-1] not in ".!?"):
        meta["title"] = line
        blocks.pop(0)
    for _ in range(2):  # a byline and a date line, in either order, as blocks or as lines of one block
        if len(blocks) < 2 and not (blocks and len(blocks[0]) > 1):
            break
        first = blocks[0][0]
        if (m := _BYLINE.match(first)) and "author" not in meta:
            meta["author"] = m.group("who").rstrip(",")
        elif (m := _DATE_LINE.match(first)) and "date" not in meta:
            meta["date"] = _iso_date(m.group("date")) or m.group("date")
        else:
            break
        blocks[0].pop(0)
        if not blocks[0]:
            blocks.pop(0)


def _iso_date(text: str) -> str | None:
    """'March 3, 2025' / '3 March 2025' / '2025-03-03' -> '2025-03-03'; None if it is no date."""
    try:
        return pd.to_datetime(text.replace(".", ""), format="mixed").date().isoformat()
    except (ValueError, TypeError, OverflowError):
        return None


def markdown_plain(text: str) -> str:
    """Markdown inline markup rendered to plain text: emphasis, links (their text), code, images (their alt text)."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parseInline(text)
    out: list[str] = []
    for child in (tokens[0].children or []) if tokens else []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "image":
            out.append(child.content)
    return "".join(out)


def parse_text(text: str, article_id: str, source: str, markdown: bool = False) -> Article:
    """Parse plain text or Markdown: front matter (YAML or 'Key: value'), a web page's headline,
    byline and date line, metadata prefix, dateline, headings, wrapped lines, inline markup."""
    meta: dict[str, str] = {}
    extra: dict[str, object] = {}
    front = yaml_front_matter(text, source)
    if front is not None:
        _take_fields(front[0].items(), meta, extra)
        text = front[1]
    blocks = _blocks(text)
    # A 'Key: value' block: only such lines, one of them a key the project reads.
    if front is None and blocks and len(blocks) > 1 and all(_KEY_VALUE.match(line) for line in blocks[0]) and any(
            _KEY_VALUE.match(line).group(1).strip().lower() in FIELD_KEYS for line in blocks[0]):  # type: ignore[union-attr]
        _take_fields((_KEY_VALUE.match(line).groups() for line in blocks.pop(0)), meta, extra)  # type: ignore[union-attr]
    if not markdown:
        _web_copy_header(blocks, meta)
    paragraphs: list[str] = []
    title = meta.get("title")
    for block in blocks:
        if markdown and block[0].startswith("#"):
            heading = normalise(markdown_plain(block[0].lstrip("#").strip()))
            title = title or heading
            block = block[1:]
            if not block:
                continue
        if markdown and set("".join(block)) <= set("-*_= "):
            continue  # a horizontal rule
        if markdown and all(line.startswith(">") for line in block):
            block = [line.lstrip(">").strip() for line in block]  # a block quote
        # Hard-wrapped lines of one paragraph are joined with a space.
        joined = " ".join(block)
        para = normalise(markdown_plain(joined) if markdown else joined)
        if para:
            paragraphs.append(para)
    paragraphs = drop_furniture(paragraphs)
    if paragraphs:
        m = _META_PREFIX.match(paragraphs[0])
        if m:
            meta.setdefault("date", m.group(1))
            paragraphs[0] = paragraphs[0][m.end():]
    dateline = None
    if paragraphs:
        dateline, outlet, paragraphs[0] = split_dateline(paragraphs[0])
        if outlet:
            meta.setdefault("outlet", outlet)
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise InputError(source, "no article text found (only headings or metadata)")
    art_id = check_id(meta["id"], source) if "id" in meta else article_id
    return Article(
        id=art_id, paragraphs=tuple(paragraphs), source=source, title=title,
        outlet=meta.get("outlet"), date=meta.get("date"), dateline=dateline,
        url=meta.get("url"), author=meta.get("author"), extra_fields=extra,
    )


def parse_html(html: str, article_id: str, source: str) -> Article:
    """Extract the article body's paragraphs from a saved HTML page with trafilatura."""
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(
        html, output_format="xml", with_metadata=True, include_comments=False,
        include_tables=False, include_images=False, favor_precision=True,
    )
    if not xml:
        raise InputError(source, "no article body found in the HTML page")
    root = etree.fromstring(xml.encode("utf-8"))
    paragraphs = [normalise("".join(p.itertext())) for p in root.iter("p")]
    paragraphs = drop_furniture([p for p in paragraphs if p])
    if not paragraphs:
        raise InputError(source, "no article body found in the HTML page")
    words = sum(count_words(p) for p in paragraphs)
    if len(paragraphs) == 1 and words < 40 and len(html) > 5_000:
        # a page of many kilobytes that gives one short paragraph: usually a caption or a teaser
        print(f"framing: warning: {source}: only {words} words of article text found in a {len(html) // 1024} KB page; "
              "check that it holds the article body", file=sys.stderr)
    dateline, outlet, paragraphs[0] = split_dateline(paragraphs[0])
    return Article(
        id=article_id, paragraphs=tuple(paragraphs), source=source,
        title=root.get("title"), outlet=root.get("sitename") or outlet, date=root.get("date"),
        dateline=dateline, url=root.get("url"),
    )


def _jsonl_article(record: object, path: Path, line: int) -> Article:
    """One JSONL record ({id, text | paragraphs, title?, outlet?, date?, url?}) to an Article."""
    source = f"{path}:{line}"
    if not isinstance(record, dict):
        raise InputError(path, "line is not a JSON object", line)
    art_id = record.get("id")
    if not isinstance(art_id, (str, int)) or not str(art_id).strip():
        raise InputError(path, "missing 'id'", line)
    art_id = check_id(str(art_id).strip(), path, line)
    labels: tuple[dict, ...] = ()
    parsed: Article | None = None  # a 'text' record, read like a text file
    if isinstance(record.get("paragraphs"), list) and record["paragraphs"]:
        items = record["paragraphs"]
        texts = [item.get("text") if isinstance(item, dict) else item for item in items]
        if not all(isinstance(t, str) and t.strip() for t in texts):
            raise InputError(path, "'paragraphs' must be non-empty strings or objects with 'text'", line)
        paragraphs = tuple(normalise(t) for t in texts)
        if all(isinstance(item, dict) for item in items):
            labels = tuple({k: v for k, v in item.items() if k != "text"} for item in items)
        dateline = None
    elif isinstance(record.get("text"), str) and record["text"].strip():
        parsed = parse_text(record["text"], art_id, source)
        paragraphs, dateline = parsed.paragraphs, parsed.dateline
    else:
        raise InputError(path, "no 'text' or 'paragraphs' with article text", line)

    def opt(key: str) -> str | None:
        value = record.get(key)
        return str(value) if value not in (None, "") else None

    return Article(
        id=art_id, paragraphs=paragraphs, source=source, title=opt("title") or (parsed and parsed.title),
        outlet=opt("outlet") or (parsed and parsed.outlet), date=opt("date") or (parsed and parsed.date),
        dateline=dateline, url=opt("url"), author=opt("author") or (parsed and parsed.author),
        labels=labels, event=opt("event"),
    )


def jsonl_lines(path: Path, encoding: str | None = None) -> Iterator[tuple[int, str]]:
    """(line number, text) of each line of a JSONL file, read as a stream (a corpus file is never
    held whole), decoded as `decode` does: the given encoding, a byte-order mark's, else UTF-8, and a
    line that is not UTF-8 as Windows-1252 with a warning; raises InputError for a file it cannot read."""
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror})") from None
    with fh:
        head = fh.read(8192)
        fh.seek(0)
        codec = encoding or next((c for bom, c in _BOMS if head.startswith(bom)), None)
        if codec is not None:
            try:
                codecs.lookup(codec)
            except LookupError:
                raise InputError(path, f"unknown encoding {codec!r}") from None
            number = 0
            try:
                # newline="\n": lines end at line feeds only, as JSON Lines has them
                for number, line in enumerate(io.TextIOWrapper(fh, encoding=codec, newline="\n"), 1):
                    yield number, _strip_controls(line)
            except UnicodeDecodeError:
                raise InputError(path, f"not valid {codec}", number + 1) from None
            return
        if b"\x00" in head:
            raise InputError(path, _BINARY)
        warned = False
        for number, raw in enumerate(fh, 1):
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8):]
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                line = raw.decode("cp1252", errors="replace")
                if not warned:
                    print(f"framing: warning: {path}:{number}: not UTF-8, read as Windows-1252", file=sys.stderr)
                    warned = True
            yield number, line


def iter_jsonl(path: Path, lines: Iterable[tuple[int, str]]) -> Iterator[Article | InputError]:
    """Articles of a JSONL corpus from its numbered lines (jsonl_lines), yielding an InputError (not
    raising) for each bad line."""
    seen: set[str] = set()
    any_line = False
    for number, line in lines:
        if not line.strip():
            continue
        any_line = True
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(path, f"not valid JSON ({exc.msg})", number)
            continue
        try:
            article = _jsonl_article(record, path, number)
        except InputError as exc:
            yield exc
            continue
        if article.id in seen:
            yield InputError(path, f"duplicate id {article.id!r}", number)
            continue
        seen.add(article.id)
        yield article
    if not any_line:
        yield InputError(path, "file is empty")


def read_path(path: str | Path, encoding: str | None = None, article_id: str | None = None) -> Iterator[Article | InputError]:
    """Articles in one file, by its suffix; problems are yielded as InputError so other articles go on.

    article_id: the id of a text or HTML file's article (default: the file's stem).
    """
    path = Path(path)
    try:
        if not path.exists():
            raise InputError(path, "no such file")
        if path.is_dir():
            raise InputError(path, "is a directory, not an article file")
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            raise InputError(path, f"unsupported file type {suffix or '(none)'!r}; use one of {', '.join(sorted(SUFFIXES))}")
        if suffix in JSONL_SUFFIXES:
            yield from iter_jsonl(path, jsonl_lines(path, encoding))
            return
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(path, f"cannot read ({exc.strerror})") from None
        text = decode(path, data, encoding)
        if not text.strip():
            raise InputError(path, "file is empty (whitespace only)")
        if suffix in HTML_SUFFIXES:
            yield parse_html(text, article_id or id_from_name(path.stem), str(path))
        else:
            yield parse_text(text, article_id or id_from_name(path.stem), str(path), markdown=suffix in {".md", ".markdown"})
    except InputError as exc:
        yield exc


def read_article(path: str | Path, encoding: str | None = None) -> Article:
    """The single article in a text/HTML file (or the first of a JSONL file); raises InputError."""
    for item in read_path(path, encoding):
        if isinstance(item, InputError):
            raise item
        return item
    raise InputError(path, "no article found")


def _slug(relative: Path) -> str:
    """An article id from a path inside a folder: '2024/March/a b.txt' -> '2024-March-a_b'."""
    return id_from_name("-".join([*relative.parent.parts, relative.stem]))


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[tuple[Path, str | None]], list[Path], list[Path]]:
    """(file, article id) for every file named or found in a folder named (recursively, supported
    types only, sorted), the other files those folders hold, and the folders with no article file.
    A file found in a folder gets its stem as id, or its slugified path inside the folder when
    another file found there has the same stem."""
    files: list[tuple[Path, str | None]] = []
    skipped: list[Path] = []
    empty: list[Path] = []
    for path in map(Path, paths):
        if not path.is_dir():
            files.append((path, None))
            continue
        found = sorted(p for p in path.rglob("*") if p.is_file() and not any(x.startswith(".") for x in p.relative_to(path).parts))
        ours = [p for p in found if p.suffix.lower() in SUFFIXES]
        skipped += [p for p in found if p.suffix.lower() not in SUFFIXES]
        if not ours:
            empty.append(path)
        stems: dict[str, int] = {}
        for p in ours:
            stems[p.stem] = stems.get(p.stem, 0) + 1
        files += [(p, p.stem if stems[p.stem] == 1 else _slug(p.relative_to(path))) for p in ours]
    return files, skipped, empty


def iter_articles(paths: Iterable[str | Path], encoding: str | None = None) -> Iterator[Article | InputError]:
    """The articles of several files or folders one by one, and the problems met as InputErrors, in
    reading order: a corpus never has to fit in memory, and a bad file never stops the others. Files
    of other types in a folder are listed once on standard error as skipped; a repeated id is an error."""
    seen: dict[str, str] = {}
    files, skipped, empty = expand_paths(paths)
    for p in empty:
        yield InputError(p, f"no article files ({', '.join(sorted(SUFFIXES))}) in this folder")
    if skipped:
        shown = ", ".join(str(p) for p in skipped[:5]) + (f" and {len(skipped) - 5} more" if len(skipped) > 5 else "")
        print(f"framing: warning: skipped {len(skipped)} file(s) of other types: {shown}", file=sys.stderr)
    for path, article_id in files:
        for item in read_path(path, encoding, article_id):
            if isinstance(item, InputError):
                yield item
            elif item.id in seen:
                yield InputError(item.source, f"article id {item.id!r} already read from {seen[item.id]}")
            else:
                seen[item.id] = item.source
                yield item


def read_articles(paths: Iterable[str | Path], encoding: str | None = None) -> tuple[list[Article], list[InputError]]:
    """All articles from several files or folders, plus the problems met (iter_articles, in lists)."""
    articles: list[Article] = []
    errors: list[InputError] = []
    for item in iter_articles(paths, encoding):
        (errors if isinstance(item, InputError) else articles).append(item)
    return articles, errors


def paragraph_table(articles: Iterable[Article]) -> pd.DataFrame:
    """The paragraph table (schema in the module docstring) for one or more articles."""
    rows = [
        {"article_id": art.id, "paragraph": i, "text": text, "words": count_words(text)}
        for art in articles
        for i, text in enumerate(art.paragraphs, 1)
    ]
    return pd.DataFrame(rows, columns=PARAGRAPH_COLUMNS).astype({"paragraph": int, "words": int})
