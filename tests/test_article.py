"""Article ingestion: every input format, and every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis import article
from analysis.errors import InputError


def test_seed_article_fields_and_paragraphs(seed_path: Path) -> None:
    art = article.read_article(seed_path)
    assert art.id == "000_c99cd6f376a91b6b"
    assert len(art.paragraphs) == 10
    assert art.paragraphs[0].startswith("Qassem Soleimani, the leader")
    assert (art.date, art.dateline, art.outlet) == ("2020-01-03", "BAGHDAD, Iraq", "ABC News")
    assert art.paragraphs[4] == "The following state was issued Thursday night:"
    assert art.paragraphs[-1].endswith("consequences of a possible war.")
    # curly quotes and dashes are kept as they are
    assert "“The proud commander" in art.paragraphs[2]
    assert "months – including" in art.paragraphs[5]


def test_seed_paragraph_table(seed_path: Path) -> None:
    table = article.paragraph_table([article.read_article(seed_path)])
    assert list(table.columns) == article.PARAGRAPH_COLUMNS
    assert table["paragraph"].tolist() == list(range(1, 11))
    assert table.loc[7, "text"] == "Connecticut leaders quickly criticized and questioned the decision."
    assert table.loc[7, "words"] == 8
    assert table["words"].sum() == article.read_article(seed_path).fields()["words"]


def test_plain_text_wrapped_lines_and_whitespace(tmp_path: Path) -> None:
    src = tmp_path / "wrapped.txt"
    src.write_text(
        "LONDON — Ministers defended the\n   decision on\tTuesday.\n\n\n"
        "A second\u00a0paragraph\u200b with  odd   spacing.\r\n\r\nCafe\u0301 owners said little.\n",
        encoding="utf-8",
    )
    art = article.read_article(src)
    assert art.dateline == "LONDON" and art.outlet is None
    assert art.paragraphs == (
        "Ministers defended the decision on Tuesday.",
        "A second paragraph with odd spacing.",
        "Café owners said little.",  # NFC: e + combining accent -> é
    )


def test_markdown_heading_is_title_not_paragraph(tmp_path: Path) -> None:
    src = tmp_path / "story.md"
    src.write_text(
        "# Senators demand a vote\n\nWASHINGTON (Example Wire) — Two senators asked for\na vote.\n\n"
        "## Background\n\nThe base was built in 2004.\n\n---\n\nShe said more.\n",
        encoding="utf-8",
    )
    art = article.read_article(src)
    assert art.title == "Senators demand a vote"
    assert art.outlet == "Example Wire" and art.dateline == "WASHINGTON"
    assert art.paragraphs == ("Two senators asked for a vote.", "The base was built in 2004.", "She said more.")


def test_front_matter_fields(tmp_path: Path) -> None:
    src = tmp_path / "fm.txt"
    src.write_text("Title: Drone program grows\nDate: 2021-05-02\nOutlet: Plains Courier\n\nThe program grew.\n")
    art = article.read_article(src)
    assert (art.title, art.date, art.outlet, art.paragraphs) == (
        "Drone program grows", "2021-05-02", "Plains Courier", ("The program grew.",))


def test_no_dateline_in_ordinary_first_sentence(tmp_path: Path) -> None:
    src = tmp_path / "plain.txt"
    src.write_text("A US drone strike — the third this month — hit a compound.\n")
    art = article.read_article(src)
    assert art.dateline is None
    assert art.paragraphs[0].startswith("A US drone strike")


HTML_PAGE = """<html><head><title>Strike kills commander | Harbour Times</title>
<meta property="og:site_name" content="Harbour Times">
<meta property="article:published_time" content="2020-01-03T10:00:00Z"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article><h1>Strike kills commander</h1>
<figure><img src="a.jpg"><figcaption>Smoke rises over the airport road.</figcaption></figure>
<p>BAGHDAD (Harbour Times) — An airstrike near the airport killed a senior commander late on Thursday, officials said.</p>
<p>The defence ministry said the strike was aimed at deterring future attacks on its troops in the region.</p>
<div class="ad">Subscribe now for only one dollar a week! Advertisement</div>
<p>“This was reckless and unauthorised,” a senator said in a statement on Friday morning, calling for a vote.</p>
</article><footer>Copyright Harbour Times. All rights reserved.</footer></body></html>"""


def test_html_body_without_navigation_captions_or_ads(tmp_path: Path) -> None:
    src = tmp_path / "page.html"
    src.write_text(HTML_PAGE, encoding="utf-8")
    art = article.read_article(src)
    assert art.title == "Strike kills commander"
    assert art.outlet == "Harbour Times" and art.date == "2020-01-03" and art.dateline == "BAGHDAD"
    assert len(art.paragraphs) == 3
    assert art.paragraphs[0].startswith("An airstrike near the airport")
    joined = " ".join(art.paragraphs)
    for boilerplate in ("Home", "Smoke rises", "Subscribe", "Copyright"):
        assert boilerplate not in joined


def test_jsonl_text_and_paragraph_records(tmp_path: Path) -> None:
    src = tmp_path / "corpus.jsonl"
    lines = [
        {"id": "a1", "text": "First paragraph.\n\nSecond paragraph.", "outlet": "Wire", "date": "2021-01-01"},
        {"id": "a2", "paragraphs": ["Only one."], "title": "T", "url": "https://example.org/a2"},
        {"id": "a3", "paragraphs": [{"text": "Labelled.", "voice": "narration"}]},
    ]
    src.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    arts, errors = article.read_articles([src])
    assert errors == []
    assert [a.id for a in arts] == ["a1", "a2", "a3"]
    assert arts[0].paragraphs == ("First paragraph.", "Second paragraph.") and arts[0].outlet == "Wire"
    assert arts[1].url == "https://example.org/a2" and arts[1].title == "T"
    assert arts[2].labels == ({"voice": "narration"},)
    assert arts[0].source == f"{src}:1"


def _errors(path: Path, **kw) -> list[str]:
    return [str(e) for e in article.read_articles([path], **kw)[1]]


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"  \n\n\t \n", "file is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
        ("notes.pdf", b"%PDF-1.4", "unsupported file type '.pdf'"),
        ("nav.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article body"),
        ("heading.md", b"# Only a title\n", "no article text found"),
    ],
)
def test_bad_files_give_one_clear_error(tmp_path: Path, name: str, content: bytes, problem: str) -> None:
    src = tmp_path / name
    src.write_bytes(content)
    errors = _errors(src)
    assert len(errors) == 1
    assert errors[0].startswith(str(src)) and problem in errors[0]


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert _errors(tmp_path / "gone.txt") == [f"{tmp_path / 'gone.txt'}: no such file"]
    assert _errors(tmp_path) == [f"{tmp_path}: no article files ({', '.join(sorted(article.SUFFIXES))}) in this folder"]


def test_a_folder_is_read_recursively_with_distinct_ids_and_other_files_listed(tmp_path: Path, capsys) -> None:
    (tmp_path / "march").mkdir()
    (tmp_path / "april" / "late").mkdir(parents=True)
    (tmp_path / "march" / "strike.txt").write_text("The ministry confirmed the strike on Monday.\n", encoding="utf-8")
    (tmp_path / "april" / "late" / "strike.md").write_text("Senators asked for a vote on Tuesday.\n", encoding="utf-8")
    (tmp_path / "april" / "vote.txt").write_text("The House voted on Wednesday.\n", encoding="utf-8")
    (tmp_path / "april" / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    articles, errors = article.read_articles([tmp_path])
    assert errors == []
    assert sorted(a.id for a in articles) == ["april-late-strike", "march-strike", "vote"]
    err = capsys.readouterr().err
    assert err.count("skipped 2 file(s) of other types") == 1 and "notes.docx" in err and "scan.pdf" in err


def test_non_utf8_falls_back_with_warning_or_fails_with_encoding(tmp_path: Path, capsys) -> None:
    src = tmp_path / "latin.txt"
    src.write_bytes("Le ministre a défendu la frappe.\n".encode("cp1252"))
    art = article.read_article(src)
    assert art.paragraphs == ("Le ministre a défendu la frappe.",)
    assert "not UTF-8, read as Windows-1252" in capsys.readouterr().err
    with pytest.raises(InputError, match=r"not valid ascii at byte 15"):
        article.read_article(src, encoding="ascii")
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        article.read_article(src, encoding="klingon")


def test_bad_jsonl_lines_are_listed_and_good_ones_kept(tmp_path: Path) -> None:
    src = tmp_path / "mixed.jsonl"
    src.write_text(
        '{"id": "ok1", "text": "Fine."}\n'
        "{not json\n"
        '{"id": "nt", "title": "no text"}\n'
        '{"text": "no id"}\n'
        '["a list"]\n'
        '{"id": "ok1", "text": "Again."}\n'
        '{"id": "../escape", "text": "Bad id."}\n'
        '{"id": "ok2", "paragraphs": ["Fine too."]}\n',
        encoding="utf-8",
    )
    arts, errors = article.read_articles([src])
    assert [a.id for a in arts] == ["ok1", "ok2"]
    messages = [str(e) for e in errors]
    assert messages[0].startswith(f"{src}:2: not valid JSON")
    assert messages[1] == f"{src}:3: no 'text' or 'paragraphs' with article text"
    assert messages[2] == f"{src}:4: missing 'id'"
    assert messages[3] == f"{src}:5: line is not a JSON object"
    assert messages[4] == f"{src}:6: duplicate id 'ok1'"
    assert messages[5].startswith(f"{src}:7: id '../escape' may only hold")


def test_same_article_id_from_two_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for sub in ("a", "b"):
        (tmp_path / sub / "same.txt").write_text("Text.\n")
    arts, errors = article.read_articles([tmp_path / "a" / "same.txt", tmp_path / "b" / "same.txt"])
    assert len(arts) == 1 and "already read from" in str(errors[0])


# --- files as researchers save them --------------------------------------------------------------


def test_yaml_front_matter_becomes_fields_never_a_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("---\ntitle: \"Senators question the drone strikes\"\ndate: 2025-04-02\n"
                    "author: [Ana Lind, Tom Oduya]\nsource: Harbour Ledger\nurl: https://example.org/a\n"
                    "tags: [war powers, drones]\nzotero_key: ABCD1234\n---\n\n"
                    "WASHINGTON — Two senators asked on Tuesday for a vote on the strikes.\n\n"
                    "The Pentagon said the strikes had hit three launch sites.\n", encoding="utf-8")
    art = article.read_article(path)
    assert art.paragraphs == ("Two senators asked on Tuesday for a vote on the strikes.",
                              "The Pentagon said the strikes had hit three launch sites.")
    assert (art.title, art.date, art.outlet, art.url, art.author, art.dateline) == (
        "Senators question the drone strikes", "2025-04-02", "Harbour Ledger", "https://example.org/a",
        "Ana Lind, Tom Oduya", "WASHINGTON")
    assert art.fields()["fields"] == {"tags": ["war powers", "drones"], "zotero_key": "ABCD1234"}


def test_broken_yaml_front_matter_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_text("---\ntitle: [unclosed\n---\n\nBody text of the article.\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.txt.*front matter.*not valid YAML"):
        article.read_article(path)


def test_key_value_block_keeps_unknown_keys_as_fields(tmp_path: Path) -> None:
    path = tmp_path / "kv.txt"
    path.write_text("Title: Ministry defends the convoy escorts\nAuthor: R. Okafor\nDesk: Foreign\n\n"
                    "The ministry said on Friday that the escorts would continue.\n", encoding="utf-8")
    art = article.read_article(path)
    assert art.paragraphs == ("The ministry said on Friday that the escorts would continue.",)
    assert (art.title, art.author, art.extra_fields) == ("Ministry defends the convoy escorts", "R. Okafor", {"Desk": "Foreign"})


def test_a_transcript_label_is_not_a_metadata_block(tmp_path: Path) -> None:
    path = tmp_path / "radio.txt"
    path.write_text("HOST: Good evening. The strikes began at dawn.\n\nREPORTER: Officials confirmed three targets.\n",
                    encoding="utf-8")
    art = article.read_article(path)
    assert art.paragraphs[0].startswith("HOST: Good evening") and art.title is None


def test_plain_text_copied_from_a_web_page(tmp_path: Path) -> None:
    path = tmp_path / "copied.txt"
    path.write_text("Lawmakers Demand Vote on Port Strikes\n\nBy Mara Quist and Leon Abe\n\nMarch 3, 2025\n\n"
                    "WASHINGTON (Example Wire) — A bipartisan group of senators demanded a vote on Monday.\n\n"
                    "The White House said the strikes were lawful.\n", encoding="utf-8")
    art = article.read_article(path)
    assert (art.title, art.author, art.date) == ("Lawmakers Demand Vote on Port Strikes", "Mara Quist and Leon Abe", "2025-03-03")
    assert (art.dateline, art.outlet) == ("WASHINGTON", "Example Wire")
    assert art.paragraphs == ("A bipartisan group of senators demanded a vote on Monday.", "The White House said the strikes were lawful.")


def test_an_ordinary_short_first_sentence_stays_a_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("The strikes began at dawn.\n\nThe ministry confirmed them an hour later.\n", encoding="utf-8")
    assert article.read_article(path).paragraphs[0] == "The strikes began at dawn."


def test_markdown_inline_markup_is_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "marked.md"
    path.write_text("# Senators and the *strike*\n\nSen. Ida Moss called it **reckless** in a "
                    "[floor speech](https://example.org/speech) and `S.Res. 12`.\n\n"
                    "> “We were not consulted,” she said.\n> “Not once.”\n", encoding="utf-8")
    art = article.read_article(path)
    assert art.title == "Senators and the strike"
    assert art.paragraphs == ("Sen. Ida Moss called it reckless in a floor speech and S.Res. 12.",
                              "“We were not consulted,” she said. “Not once.”")
    assert article.count_words(art.paragraphs[0]) == 14  # the link target is not counted as words


def test_page_furniture_and_subheads_are_not_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text("The Navy escorted two tankers through the strait on Monday.\n\n"
                    "Read more: What the escort order means for shipping\n\n"
                    "REACTION IN CONGRESS\n\n"
                    "Senators asked for a briefing on the rules of engagement.\n\n"
                    "RELATED: Tanker rates climb again\n\n"
                    "What Comes Next\n\n"
                    "The ministry said the escorts would continue for a month.\n\n"
                    "Advertisement\n\n"
                    "“We will not be intimidated,” the minister said.\n", encoding="utf-8")
    art = article.read_article(path)
    assert art.paragraphs == ("The Navy escorted two tankers through the strait on Monday.",
                              "Senators asked for a briefing on the rules of engagement.",
                              "The ministry said the escorts would continue for a month.",
                              "“We will not be intimidated,” the minister said.")


def test_a_big_page_that_yields_a_caption_is_warned_about(tmp_path: Path, capsys) -> None:
    path = tmp_path / "teaser.html"
    filler = "".join(f"<li><a href='/n{i}'>Navigation link number {i}</a></li>" for i in range(200))
    path.write_text(f"<html><head><title>Strike</title></head><body><nav><ul>{filler}</ul></nav>"
                    "<article><p>Smoke rises over the port after the strike on Tuesday, in a photo released by the navy.</p>"
                    "</article></body></html>", encoding="utf-8")
    article.read_article(path)
    err = capsys.readouterr().err
    assert f"{path}: only" in err and "check that it holds the article body" in err


@pytest.mark.parametrize("bad_id", ["..", ".", "...", ".hidden", "../../x", "/tmp/abs", "a/b", "x" * 121])
def test_ids_that_are_no_safe_folder_name_are_refused(tmp_path: Path, bad_id: str) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": bad_id, "text": "The ministry confirmed the strike."}) + "\n", encoding="utf-8")
    front = tmp_path / "f.md"
    front.write_text(f"---\nid: {json.dumps(bad_id)}\n---\n\nThe ministry confirmed the strike.\n", encoding="utf-8")
    for path in (corpus, front):
        articles, errors = article.read_articles([path])
        assert articles == [] and len(errors) == 1 and "id" in str(errors[0]) and str(path) in str(errors[0])


def test_file_names_become_safe_ids(tmp_path: Path) -> None:
    odd = tmp_path / "..hidden story (v2).txt"
    odd.write_text("The ministry confirmed the strike.\n", encoding="utf-8")
    assert article.read_article(odd).id == "hidden_story_v2_"


def test_every_article_folder_stays_inside_out(tmp_path: Path) -> None:
    from analysis import score
    from analysis.errors import FramingError

    rogue = article.Article(id="..", paragraphs=("x",), source="test")
    with pytest.raises(FramingError, match="does not name a folder inside"):
        score.write_article_outputs(tmp_path / "out", rogue, pd.DataFrame(), {})
    assert not (tmp_path / "summary.json").exists()


def test_utf32_utf16_and_control_characters(tmp_path: Path) -> None:
    text = "The ministry confirmed the strike.\n\nSenators asked for a vote.\n"
    for name, data in (("u32.txt", text.encode("utf-32")), ("u16.txt", text.encode("utf-16"))):
        (tmp_path / name).write_bytes(data)
        art = article.read_article(tmp_path / name)
        assert art.paragraphs == ("The ministry confirmed the strike.", "Senators asked for a vote.")
    bare = tmp_path / "bare16.txt"
    bare.write_bytes(text.encode("utf-16-be"))  # no byte-order mark
    with pytest.raises(InputError, match="pass --encoding"):
        article.read_article(bare)
    assert article.read_article(bare, encoding="utf-16-be").paragraphs[0] == "The ministry confirmed the strike."
    ctl = tmp_path / "ctl.jsonl"
    ctl.write_text(json.dumps({"id": "c", "text": "The \u0007ministry\u001b confirmed\u0000 it."}) + "\n", encoding="utf-8")
    assert article.read_article(ctl).paragraphs == ("The ministry confirmed it.",)


def test_a_jsonl_corpus_is_read_as_a_stream(tmp_path: Path) -> None:
    """A corpus file can be larger than memory: reading it holds one line at a time, not the file."""
    import tracemalloc

    paragraph = "The ministry said the convoy reached the border crossing late on Monday. " * 20
    src = tmp_path / "big.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for i in range(300):
            fh.write(json.dumps({"id": f"a{i}", "paragraphs": [paragraph] * 50}) + "\n")
    size = src.stat().st_size
    assert size > 20_000_000
    tracemalloc.start()
    try:
        count = sum(1 for item in article.iter_articles([src]) if isinstance(item, article.Article))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 300
    assert peak < size / 10


def test_jsonl_lines_end_at_line_feeds_only_and_a_stray_byte_costs_one_warning(tmp_path: Path, capsys) -> None:
    src = tmp_path / "c.jsonl"
    # U+2028 is a line separator to Python's splitlines, but JSON allows it raw inside a string
    src.write_bytes(json.dumps({"id": "a", "text": "The ministry\u2028confirmed it."}, ensure_ascii=False).encode()
                    + b"\r\n" + '{"id": "b", "text": "Le ministre a d\xe9fendu la frappe."}\n'.encode("latin-1")
                    + b'{"id": "c", "text": "Senators asked for a vote."}\n')
    arts, errors = article.read_articles([src])
    assert errors == [] and [a.id for a in arts] == ["a", "b", "c"]
    assert arts[1].paragraphs == ("Le ministre a défendu la frappe.",)
    assert capsys.readouterr().err.strip() == f"framing: warning: {src}:2: not UTF-8, read as Windows-1252"
    u16 = tmp_path / "u16.jsonl"
    u16.write_bytes('{"id": "d", "text": "The strike was confirmed."}\n'.encode("utf-16"))
    assert article.read_article(u16).paragraphs == ("The strike was confirmed.",)
    bad = tmp_path / "bad16.jsonl"
    bad.write_bytes('{"id": "e", "text": "ok"}\n'.encode("utf-16") + b"\x00\xd8")  # a lone surrogate half
    assert [str(e) for e in article.read_articles([bad])[1]] == [f"{bad}:2: not valid utf-16"]
