"""Reading inputs into Article records: formats, fields, sources, ids and bad inputs."""
from __future__ import annotations

import codecs
import doctest
import io
import json
import os
import socket
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import graphkit.articles as articles
from graphkit.articles import (
    content_id,
    iter_sources,
    parse_text,
    read_article_file,
    read_articles,
)
from graphkit.errors import InputError
from graphkit.records import Failure

from tests.conftest import GOOD, read_all, write

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


# ---------------------------------------------------------------------------
# Formats and fields


def test_plain_text_file():
    path = FIXTURES / "plain.txt"
    [article] = read_article_file(path)
    assert article.name == "plain.txt"
    assert article.path == str(path)
    assert article.text.startswith("The trade ministers of Ghana")
    assert article.text.endswith("before the end of the year.")  # stripped
    assert "\n\nBoth ministers" in article.text
    assert (article.title, article.published, article.source, article.url) == (None, None, None, None)
    assert len(article.id) == 16 and int(article.id, 16) >= 0


def test_markdown_front_matter_fields_and_body():
    [article] = read_article_file(FIXTURES / "front_matter.md")
    assert article.title == "Envoys gather in Montevideo"
    assert article.published == date(2024, 5, 23)
    assert article.source == "The Estuary Courier"
    assert article.url == "https://courier.example/envoys-montevideo"
    assert article.text.startswith("Envoys from Uruguay")  # no front matter, no leading blank line
    assert "author" not in article.text and "---" not in article.text
    assert article.name == "front_matter.md"


@pytest.mark.parametrize(
    "written",
    [
        "2024-05-23",  # YAML date
        "'2024-05-23'",  # string
        "May 23, 2024",
        "23 May 2024",
        "2024-05-23T10:00:00Z",  # YAML timestamp
        "'2024-05-23T10:00:00Z'",
        "2024-05-23T22:30:00-05:00",  # the date as written, not shifted to UTC
        "Thursday, May 23, 2024",
        "23 de mayo de 2024",  # dateparser fallback
    ],
)
def test_front_matter_date_forms(written):
    article = parse_text(f"---\ndate: {written}\n---\nText.", name="a.txt")
    assert article.published == date(2024, 5, 23)


def test_front_matter_with_crlf_and_utf8_bom(tmp_path):
    path = write(tmp_path, "win.txt", codecs.BOM_UTF8 + b"---\r\ntitle: Windows file\r\n---\r\nLine one.\r\nLine two.\r\n")
    [article] = read_article_file(path)
    assert article.title == "Windows file"
    assert article.text == "Line one.\nLine two."


def test_front_matter_empty_is_allowed():
    article = parse_text("---\n---\nJust text.", name="a.md")
    assert (article.title, article.text) == (None, "Just text.")


def test_text_without_front_matter_keeps_dashes_later():
    article = parse_text("Headline\n---\nBody after a rule.", name="a.md")
    assert article.text == "Headline\n---\nBody after a rule."


def test_html_main_text_and_metadata():
    [article] = read_article_file(FIXTURES / "page.html")
    assert article.text == (
        "The foreign ministers of Austria and Chile met in Vienna on Tuesday to discuss "
        "trade in copper and wine.\n\nAfter the meeting, the Chilean minister said both "
        "sides had agreed to resume talks on a shipping accord in the spring."
    )
    for boilerplate in ("Home page", "World desk", "apple cake", "Copyright", "Privacy"):
        assert boilerplate not in article.text
    assert article.title == "Foreign ministers meet in Vienna"
    assert article.published == date(2023, 3, 14)
    assert article.url == "https://gazette.example/2023/ministers-vienna"
    assert article.source == "The Harbour Gazette"
    assert article.name == "page.html"


def test_html_title_from_title_tag_and_no_date(tmp_path):
    page = (
        "<html><head><title>Talks resume in Lima</title></head><body><article>"
        "<p>Peru and Ecuador resumed border talks in Lima on Friday after a long pause.</p>"
        "</article></body></html>"
    )
    [article] = read_article_file(write(tmp_path, "lima.htm", page))
    assert article.title == "Talks resume in Lima"
    assert article.published is None
    assert article.text.startswith("Peru and Ecuador resumed")


def test_html_date_not_guessed_from_body_text(tmp_path):
    # The body mentions a date; only the page metadata may give the publication date.
    page = (
        "<html><head><title>Anniversary</title></head><body><article>"
        "<p>The treaty signed on 12 March 1999 was discussed again by both governments.</p>"
        "</article></body></html>"
    )
    [article] = read_article_file(write(tmp_path, "anniversary.html", page))
    assert article.published is None


def test_html_short_page_keeps_navigation_out(tmp_path):
    page = (
        "<html><head><title>Short</title></head><body>"
        '<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li></ul></nav>'
        '<div class="cookies">We use cookies</div>'
        "<main><p>Fiji and Samoa met in Suva.</p></main>"
        "<footer>(c) Example Media</footer></body></html>"
    )
    [article] = read_article_file(write(tmp_path, "short.html", page))
    assert article.text == "Fiji and Samoa met in Suva."


def test_html_old_publication_date(tmp_path):
    page = (
        '<html><head><title>Crisis talks</title><meta property="article:published_time" content="1962-10-22">'
        "</head><body><article><p>The two governments opened a direct line of communication.</p>"
        "</article></body></html>"
    )
    [article] = read_article_file(write(tmp_path, "archive.html", page))
    assert article.published == date(1962, 10, 22)


def test_html_declared_legacy_charset(tmp_path):
    page = (
        '<html><head><meta charset="iso-8859-1"><title>Caf\xe9 diplomacy</title></head><body>'
        "<article><p>The envoys met in a caf\xe9 in S\xe3o Paulo to discuss coffee exports.</p></article>"
        "</body></html>"
    ).encode("latin-1")
    [article] = read_article_file(write(tmp_path, "latin.html", page))
    assert article.title == "Café diplomacy"
    assert "café in São Paulo" in article.text


def test_html_makes_no_network_request(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    [article] = read_article_file(FIXTURES / "page.html")
    assert article.published == date(2023, 3, 14)


def test_json_list_with_field_alternates():
    path = FIXTURES / "records.json"
    first, second, third = read_article_file(path)

    assert first.title == "Summit in Nairobi"
    assert first.published == date(2024, 2, 1)
    assert first.text == "Kenya hosted a regional summit on water rights."
    assert first.url == "https://wire.example/nairobi"
    assert first.source == "Savanna Wire"
    assert first.name == "records.json#1"
    assert first.path == f"{path}#1"

    assert second.title == "Call between capitals"  # headline
    assert second.published == date(2024, 2, 2)  # published
    assert second.text == "The leaders of Peru and Chile spoke by telephone."  # body
    assert second.source == "Andes Daily"  # publisher {"name": ...}
    assert second.name == "records.json#2"

    assert third.name == "wire-0003"  # the record's own id
    assert third.path == f"{path}#3"
    assert third.published == date(2024, 2, 3)  # published_at
    assert third.text == "Norway urged both parties to return to the table."  # content
    assert third.title is None


def test_json_single_object_is_named_after_the_file():
    [article] = read_article_file(FIXTURES / "single.json")
    assert article.name == "single.json"
    assert article.title == "Lone record"
    assert article.text == "Iceland invited Canada to an Arctic forum."


def test_jsonl_skips_blank_lines_and_numbers_records():
    path = FIXTURES / "records.jsonl"
    first, second = read_article_file(path)
    assert (first.name, first.title) == ("records.jsonl#1", "First")
    assert (second.name, second.title) == ("records.jsonl#2", "Second")  # line 4, record 2
    assert second.path == f"{path}#2"
    assert second.text.startswith("Estonia criticized")


def test_first_present_alternate_wins_and_null_counts_as_missing(tmp_path):
    record = {"text": None, "body": "Body wins over a null text.", "title": "T", "headline": "H"}
    [article] = read_article_file(write(tmp_path, "a.json", json.dumps(record)))
    assert (article.text, article.title) == ("Body wins over a null text.", "T")


def test_json_with_utf8_bom(tmp_path):
    path = write(tmp_path, "bom.json", codecs.BOM_UTF8 + b'{"text": "Malta hosted the talks."}')
    [article] = read_article_file(path)
    assert article.text == "Malta hosted the talks."


def test_metadata_whitespace_is_collapsed_and_empty_means_missing(tmp_path):
    record = {"text": "Text.", "title": "  Summit\n in   Nairobi ", "url": "", "source": "  "}
    [article] = read_article_file(write(tmp_path, "a.json", json.dumps(record)))
    assert (article.title, article.url, article.source) == ("Summit in Nairobi", None, None)


def test_stdin_reads_text_with_front_matter():
    stream = io.StringIO("---\ntitle: From a pipe\n---\nSweden supported the proposal.\n")
    [article] = read_articles(["-"], stdin=stream)
    # No file to name it: piped text is identified by its content hash.
    assert (article.name, article.path) == ("stdin", f"stdin:{article.id}")
    assert article.title == "From a pipe"
    assert article.text == "Sweden supported the proposal."


def test_stdin_bytes_are_decoded_as_utf8_whatever_the_locale():
    raw = "---\ntitle: Zürich\n---\nThe talks in Zürich ended.".encode()
    stream = io.TextIOWrapper(io.BytesIO(raw), encoding="ascii")
    [article] = read_articles(["-"], stdin=stream)
    assert article.title == "Zürich"


def test_stdin_failure_is_named_stdin():
    found, failures = read_all(["-"], stdin=io.StringIO("   \n"))
    assert found == []
    assert failures == [Failure("stdin", "no article text")]


def test_utf16_with_bom_is_accepted(tmp_path):
    path = write(tmp_path, "notepad.txt", "Chad and Niger signed a grazing accord.".encode("utf-16"))
    [article] = read_article_file(path)
    assert article.text == "Chad and Niger signed a grazing accord."


def test_unicode_is_normalised_to_nfc():
    composed = parse_text("Caf\u00e9 talks.", name="a.txt")
    decomposed = parse_text("Cafe\u0301 talks.", name="b.txt")
    assert decomposed.text == "Caf\u00e9 talks."
    assert composed.id == decomposed.id


# ---------------------------------------------------------------------------
# Sources: folders, globs, order


@pytest.fixture
def tree(tmp_path):
    write(tmp_path, "b.txt", "Bravo.")
    write(tmp_path, "a.md", "Alpha.")
    write(tmp_path, "sub/c.html", "<html><body><p>Charlie met Delta.</p></body></html>")
    write(tmp_path, "sub/deeper/d.json", '{"text": "Delta."}')
    write(tmp_path, "sub/e.jsonl", '{"text": "Echo."}\n')
    write(tmp_path, "sub/f.htm", "<html><body><p>Foxtrot spoke.</p></body></html>")
    write(tmp_path, "notes.pdf", b"%PDF-1.4")
    write(tmp_path, "README", "not an article")
    write(tmp_path, ".hidden.txt", "Hidden file.")
    write(tmp_path, ".git/x.txt", "Hidden folder.")
    write(tmp_path, "sub/.cache/y.txt", "Hidden nested folder.")
    write(tmp_path, "z.TXT", "Upper-case extension.")
    return tmp_path


def relative(sources, root):
    return [Path(s).relative_to(root).as_posix() for s in sources]


def test_folder_is_walked_recursively_sorted_and_filtered(tree):
    assert relative(iter_sources([str(tree)]), tree) == [
        "a.md",
        "b.txt",
        "sub/c.html",
        "sub/deeper/d.json",
        "sub/e.jsonl",
        "sub/f.htm",
        "z.TXT",
    ]


def test_folder_articles_come_in_that_order(tree):
    found, failures = read_all([tree])
    assert failures == []
    assert [a.name for a in found] == ["a.md", "b.txt", "c.html", "d.json", "e.jsonl#1", "f.htm", "z.TXT"]
    assert found[2].path == str(tree / "sub" / "c.html")


def test_inputs_keep_their_order_and_files_are_not_read_twice(tree):
    sources = list(iter_sources([str(tree / "z.TXT"), "-", str(tree / "sub"), str(tree / "sub" / "f.htm")]))
    assert sources[1] == "-"
    assert relative([s for s in sources if s != "-"], tree) == [
        "z.TXT", "sub/c.html", "sub/deeper/d.json", "sub/e.jsonl", "sub/f.htm",
    ]


def test_glob_recursive(tree):
    assert relative(iter_sources([f"{tree}/**/*.txt"]), tree) == ["b.txt"]
    assert relative(iter_sources([f"{tree}/**/*.htm*"]), tree) == ["sub/c.html", "sub/f.htm"]
    assert relative(iter_sources([f"{tree}/sub/*"]), tree) == [
        "sub/c.html", "sub/deeper/d.json", "sub/e.jsonl", "sub/f.htm",
    ]


def test_glob_whose_files_were_already_read_is_not_a_failure(tree):
    found, failures = read_all([tree / "b.txt", f"{tree}/b.*"])
    assert [a.name for a in found] == ["b.txt"]
    assert failures == []


def test_glob_without_match_is_reported_and_batch_goes_on(tree):
    pattern = f"{tree}/**/*.nothing"
    found, failures = read_all([pattern, tree / "a.md"])
    assert [a.name for a in found] == ["a.md"]
    assert failures == [Failure(pattern, "no file matches this pattern")]


def test_hidden_path_given_explicitly_is_read(tree):
    [article] = read_article_file(tree / ".hidden.txt")
    assert article.text == "Hidden file."


def test_single_path_string_is_not_split_into_characters(tree):
    assert relative(iter_sources(str(tree / "a.md")), tree) == ["a.md"]


# ---------------------------------------------------------------------------
# --date and ids


def test_default_date_fills_only_missing_dates(tmp_path):
    dated = write(tmp_path, "dated.txt", "---\ndate: 2020-01-02\n---\nText.")
    undated = write(tmp_path, "undated.txt", "Text.")
    records = write(tmp_path, "r.jsonl", '{"text": "A", "date": "2021-03-04"}\n{"text": "B"}\n')
    found, failures = read_all([dated, undated, records], default_date=date(1999, 9, 9))
    assert failures == []
    assert [a.published for a in found] == [date(2020, 1, 2), date(1999, 9, 9), date(2021, 3, 4), date(1999, 9, 9)]


def test_default_date_does_not_hide_a_bad_date(tmp_path):
    found, failures = read_all([write(tmp_path, "a.txt", "---\ndate: someday\n---\nText.")], default_date=date(2000, 1, 1))
    assert found == []
    assert failures == [Failure(str(tmp_path / "a.txt"), "unparseable date 'someday'")]


def test_id_is_stable_for_same_content(tmp_path):
    one = write(tmp_path, "one.txt", "---\ntitle: T\n---\n" + GOOD)
    two = write(tmp_path, "other/two.md", "---\ntitle: T\n---\n\n" + GOOD + "\n\n")
    crlf = write(tmp_path, "crlf.txt", ("---\ntitle: T\n---\n" + GOOD).replace("\n", "\r\n"))
    ids = {read_article_file(p)[0].id for p in (one, two, crlf)}
    assert len(ids) == 1
    # Pinned: the id must not depend on the run, the machine or hash randomisation.
    assert content_id("Austria met Chile.", title="T", published=date(2024, 5, 23)) == "2437d6fb8cb99349"


def test_id_changes_with_text_and_metadata():
    base = parse_text(GOOD, name="a.txt")
    assert parse_text(GOOD + " Again.", name="a.txt").id != base.id
    assert parse_text(f"---\ntitle: New\n---\n{GOOD}", name="a.txt").id != base.id
    assert parse_text(f"---\nurl: https://x.example/a\n---\n{GOOD}", name="a.txt").id != base.id
    assert parse_text(f"---\nsource: Wire\n---\n{GOOD}", name="a.txt").id != base.id
    assert parse_text(GOOD, name="a.txt", default_date=date(2024, 1, 1)).id != base.id
    assert parse_text(GOOD, name="renamed.txt").id == base.id  # the name is not content


def test_id_fields_cannot_run_into_each_other():
    assert content_id("ab", title=None) != content_id("a", title="b")
    assert content_id("a", title="") != content_id("a", title=None)


# ---------------------------------------------------------------------------
# Bad inputs: one clear Failure each, the rest of the batch is still read


BAD_FILES = [
    ("empty.txt", b"", "no article text"),
    ("blank.md", b"  \n\n\t\n", "no article text"),
    ("only-front-matter.md", b"---\ntitle: Nothing else\n---\n\n", "no article text"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
    ("latin1.txt", b"Talks in caf\xe9s", "not UTF-8 text (byte 0xe9 at offset 12)"),
    ("bom-then-bad.txt", codecs.BOM_UTF8 + b"ok \xff", "not UTF-8 text (byte 0xff at offset 6)"),
    (
        "bad-yaml.md",
        b"---\ntitle: fine\nsource: [never closed\n---\nBody.",
        "malformed front matter at line 4: expected ',' or ']', but got '<stream end>'"
        " (while parsing a flow sequence started at line 3)",
    ),
    ("bad-yaml2.md", b"---\ntitle: a: b\n---\nBody.", "malformed front matter at line 2: mapping values are not allowed here"),
    ("list-front.md", b"---\n- one\n- two\n---\nBody.", "front matter is not a mapping of keys to values (got a list)"),
    ("open-front.md", b"---\ntitle: no end\nBody.", "front matter has no closing '---' line"),
    ("bad-date.txt", b"---\ndate: xyz\n---\nBody.", "unparseable date 'xyz'"),
    ("partial-date.txt", b"---\ndate: May 2024\n---\nBody.", "unparseable date 'May 2024'"),
    ("number-date.txt", b"---\ndate: 2024\n---\nBody.", "unparseable date '2024'"),
    ("list-title.txt", b"---\ntitle: [a, b]\n---\nBody.", "'title' must be text, not a list"),
    ("bad.json", b'{"text": "x",\n  "title": }', "invalid JSON at line 2, column 12: Expecting value"),
    ("scalar.json", b'"just a string"', "JSON must be an object or a list of objects, not a string"),
    ("empty-list.json", b"[]", "no articles (empty JSON list)"),
    ("no-text.json", b'{"title": "Headline only"}', "record has no text (expected one of: text, body, content)"),
    ("number-text.json", b'{"body": 42}', "'body' must be a string, not a int"),
    ("empty.jsonl", b"\n\n", "no article text"),
    ("binary.jsonl", b"\x00\x01\x02", "binary file, not text"),
    ("empty.html", b"", "no article text"),
    ("nav-only.html", b"<html><body><nav></nav></body></html>", "no article text"),
    ("binary.html", b"<html>\x00\x00", "binary file, not text"),
    ("latin1.html", b"<html><body><p>caf\xe9</p></body></html>", "not UTF-8 text (byte 0xe9 at offset 18)"),
    ("notes.pdf", b"%PDF-1.4", "unsupported file type '.pdf'; expected one of .txt .md .html .htm .json .jsonl"),
    ("Makefile", b"all:", "unsupported file type (no extension); expected one of .txt .md .html .htm .json .jsonl"),
]


@pytest.mark.parametrize(("name", "content", "reason"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_gives_one_failure_and_batch_goes_on(tmp_path, name, content, reason):
    before = write(tmp_path, "before.txt", GOOD)
    bad = write(tmp_path, "bad/" + name, content)
    after = write(tmp_path, "after.md", GOOD)
    found, failures = read_all([before, bad, after])
    assert [a.name for a in found] == ["before.txt", "after.md"]
    assert failures == [Failure(str(bad), reason)]


def test_a_nul_byte_in_a_later_jsonl_line_spoils_that_record_only(tmp_path):
    good = json.dumps({"text": "Marsh met Okafor.", "title": "Talks"})
    path = write(tmp_path, "feed.jsonl", good.encode() + b"\n\x00\n" + good.replace("Talks", "More").encode())
    found, failures = read_all([path])
    assert [a.title for a in found] == ["Talks", "More"]
    assert failures == [Failure(f"{path}:2", "binary file, not text")]


def test_missing_path_and_empty_folder(tmp_path):
    missing = tmp_path / "nowhere" / "gone.txt"
    empty = tmp_path / "empty-folder"
    write(empty, "only.pdf", b"%PDF")
    write(empty, ".hidden/x.txt", "hidden")
    good = write(tmp_path, "good.txt", GOOD)
    found, failures = read_all([missing, empty, good])
    assert [a.name for a in found] == ["good.txt"]
    assert failures == [
        Failure(str(missing), "no such file or directory"),
        Failure(str(empty), "no article files (.txt .md .html .htm .json .jsonl) in this directory"),
    ]


def test_one_bad_json_record_fails_only_that_record(tmp_path):
    records = [
        {"text": "Good one."},
        {"title": "No text"},
        "not an object",
        {"text": "Good two.", "date": "nope"},
        {"text": "Good three."},
    ]
    path = write(tmp_path, "batch.json", json.dumps(records))
    found, failures = read_all([path])
    assert [a.name for a in found] == ["batch.json#1", "batch.json#5"]
    assert failures == [
        Failure(f"{path}[1]", "record has no text (expected one of: text, body, content)"),
        Failure(f"{path}[2]", "record is not a JSON object (got a string)"),
        Failure(f"{path}[3]", "unparseable date 'nope'"),
    ]


def test_one_bad_jsonl_line_fails_only_that_line(tmp_path):
    lines = [
        b'{"text": "Good one."}',
        b'{"text": "broken',
        b"",
        b'{"text": "caf\xe9"}',
        b"[1, 2]",
        b'{"text": "   "}',
        b'{"text": "Good two."}',
    ]
    path = write(tmp_path, "feed.jsonl", b"\n".join(lines) + b"\n")
    found, failures = read_all([path])
    assert [(a.name, a.text) for a in found] == [("feed.jsonl#1", "Good one."), ("feed.jsonl#6", "Good two.")]
    offset = sum(len(line) + 1 for line in lines[:3]) + len(b'{"text": "caf')
    assert failures == [
        Failure(f"{path}:2", "invalid JSON at column 10: Unterminated string starting at"),
        Failure(f"{path}:4", f"not UTF-8 text (byte 0xe9 at offset {offset})"),
        Failure(f"{path}:5", "record is not a JSON object (got a list)"),
        Failure(f"{path}:6", "no article text"),
    ]


def test_without_on_error_the_first_failure_raises(tmp_path):
    bad = write(tmp_path, "bad.txt", b"")
    with pytest.raises(InputError) as raised:
        list(read_articles([str(bad)]))
    assert (raised.value.source, raised.value.reason) == (str(bad), "no article text")
    assert str(raised.value) == f"{bad}: no article text"


def test_read_article_file_raises_for_a_bad_record(tmp_path):
    path = write(tmp_path, "a.jsonl", '{"text": "ok"}\n{"title": "x"}\n')
    with pytest.raises(InputError) as raised:
        read_article_file(path)
    assert raised.value.source == f"{path}:2"


def test_parse_text_raises_with_path_or_name():
    with pytest.raises(InputError) as raised:
        parse_text("", name="a.txt", path="in/a.txt")
    assert (raised.value.source, raised.value.reason) == ("in/a.txt", "no article text")
    with pytest.raises(InputError) as raised:
        parse_text("---\ndate: soon\n---\nx", name="a.txt")
    assert (raised.value.source, raised.value.reason) == ("a.txt", "unparseable date 'soon'")


def test_unreadable_file(tmp_path):
    path = write(tmp_path, "locked.txt", GOOD)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read anything (root)")
        _, failures = read_all([path])
        assert failures == [Failure(str(path), "permission denied")]
    finally:
        path.chmod(0o644)


def test_reading_prints_nothing(tmp_path, capsys):
    read_all([write(tmp_path, "bad.txt", b"\x00"), FIXTURES, tmp_path / "missing.txt"])
    assert capsys.readouterr() == ("", "")


# ---------------------------------------------------------------------------
# Size and imports


def test_twenty_megabyte_article_is_read_whole_without_a_limit(tmp_path):
    # Speed belongs in `make bench`, not in a timed assertion here.
    paragraph = "The envoys of Chile and Austria met again in Vienna to talk about copper. " * 10 + "\r\n\r\n"
    big_text = "---\ntitle: Long\ndate: 2024-05-23\n---\n" + paragraph * (20_000_000 // len(paragraph))
    big = write(tmp_path, "big.txt", big_text)
    assert big.stat().st_size >= 19_900_000

    # Over the default limit (5 MB): read whole only when the limit is lifted.
    [article] = read_article_file(big, max_article_mb=None)
    assert article.title == "Long" and article.published == date(2024, 5, 23)
    assert len(article.text) > 19_000_000 and "\r" not in article.text


def test_twenty_megabyte_jsonl_record_under_a_raised_limit(tmp_path):
    text = "Kenya and Norway agreed on fisheries. " * 540_000
    path = write(tmp_path, "big.jsonl", json.dumps({"text": text}) + "\n" + json.dumps({"text": "Small."}) + "\n")
    big, small = read_article_file(path, max_article_mb=25)
    assert len(big.text) == len(text.strip()) and small.text == "Small."


def test_import_is_light():
    code = (
        "import sys, graphkit.articles\n"
        "heavy = [m for m in ('spacy', 'trafilatura', 'dateparser', 'yaml', 'lxml') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_docstring_examples_run():
    assert doctest.testmod(articles, optionflags=doctest.ELLIPSIS).failed == 0


def test_folder_readme_is_not_an_article(tmp_path):
    write(tmp_path, "README.md", "# About these articles\n\nNotes for the reader.")
    write(tmp_path, "a.txt", "Kenya and Norway agreed on fisheries.")
    articles, failures = read_all([tmp_path])
    assert [a.name for a in articles] == ["a.txt"] and failures == []
    # Named explicitly, it is read like any other file.
    articles, _ = read_all([tmp_path / "README.md"])
    assert [a.name for a in articles] == ["README.md"]
