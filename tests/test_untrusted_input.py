"""Issue 12, the input side: dates, size limits, article identity and folders.

Articles come from the open web: a bad one is a clear error naming it, the rest of the
batch is still read and stored, and no article can exhaust the extractor or pass for
another one.
"""
from __future__ import annotations

import io
import json
import os
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkit.articles import iter_sources, parse_date, read_article_file, read_articles
from graphkit.cli import app
from graphkit.records import Failure

from tests.conftest import GOOD, read_all, write


def dated(day: str, body: str = GOOD) -> str:
    return f"---\ntitle: Talks\ndate: {day}\n---\n{body}"


def cli(*args: str, input: str | None = None):
    return CliRunner().invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)


# ---------------------------------------------------------------------------
# 1. Dates


@pytest.mark.parametrize("day, problem", [
    ("2024-02-30", "impossible date '2024-02-30': February 2024 has 29 days"),
    ("2023-02-29", "impossible date '2023-02-29': February 2023 has 28 days"),
    ("2024-13-01", "impossible date '2024-13-01': no month 13"),
    ("2024-04-31T10:00:00Z", "impossible date '2024-04-31T10:00:00Z': April 2024 has 30 days"),
    ("'2024-02-30'", "impossible date '2024-02-30': February 2024 has 29 days"),
])
def test_impossible_front_matter_date_is_an_error_of_that_file_only(tmp_path, day, problem):
    before = write(tmp_path, "a-before.txt", dated("2024-02-28"))
    bad = write(tmp_path, "b-bad.txt", dated(day))
    after = write(tmp_path, "c-after.txt", dated("2024-02-29"))
    found, failures = read_all([tmp_path])
    assert failures == [Failure(str(bad), problem)]
    assert [a.path for a in found] == [str(before), str(after)]
    assert [a.published for a in found] == [date(2024, 2, 28), date(2024, 2, 29)]


@pytest.mark.parametrize("day", ["10/01/2024", "01/10/2024", "3.4.2024", "10-01-2024", "10/01/24", "1 2 3"])
def test_ambiguous_numeric_date_is_refused_not_read_month_first(day):
    with pytest.raises(ValueError, match="ambiguous date"):
        parse_date(day)


def test_ambiguous_date_message_gives_both_readings_and_the_cure():
    with pytest.raises(ValueError) as raised:
        parse_date("10/01/2024")
    assert str(raised.value) == (
        "ambiguous date '10/01/2024': 10 January or 1 October? Write it as YYYY-MM-DD")


@pytest.mark.parametrize("day, expected", [
    ("25/12/2024", date(2024, 12, 25)),  # only a day-first reading is a date
    ("12/25/2024", date(2024, 12, 25)),  # only a month-first reading is a date
    ("05/05/2024", date(2024, 5, 5)),  # both readings agree
    ("2024/10/01", date(2024, 10, 1)),  # year first: always year, month, day
    ("2024-02-29", date(2024, 2, 29)),  # a leap day is real
    ("2024-05-23T23:30:00-05:00", date(2024, 5, 23)),
    ("23.05.2024 10:00", date(2024, 5, 23)),
])
def test_unambiguous_dates_are_read(day, expected):
    assert parse_date(day) == expected


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01", "May 3, 1850"])
def test_out_of_range_years_are_refused(day):
    with pytest.raises(ValueError, match=r"out of range: publication dates run from 1900 to 2100"):
        parse_date(day)


def test_bad_dates_in_json_and_jsonl_records_are_errors_of_those_records(tmp_path):
    listed = write(tmp_path, "list.json", json.dumps([
        {"text": "Good one.", "date": "2024-02-29"},
        {"text": "Bad one.", "date": "2024-02-30"},
        {"text": "Odd one.", "published": "10/01/2024"},
    ]))
    lines = write(tmp_path, "lines.jsonl", "\n".join(json.dumps(r) for r in [
        {"text": "Placeholder.", "date": "0001-01-01"},
        {"text": "Good two.", "date": "2024-05-23"},
    ]) + "\n")
    found, failures = read_all([listed, lines])
    assert [a.text for a in found] == ["Good one.", "Good two."]
    assert [f.source for f in failures] == [f"{listed}[1]", f"{listed}[2]", f"{lines}:1"]
    assert failures[0].reason.startswith("impossible date '2024-02-30'")
    assert failures[1].reason.startswith("ambiguous date '10/01/2024'")
    assert failures[2].reason.startswith("date '0001-01-01' is out of range")


@pytest.mark.parametrize("day, problem", [
    ("2024-02-30", "impossible date"),  # trafilatura alone made this 1 February
    ("10/01/2024", "ambiguous date"),  # ... and this 10 January
    ("9999-12-31", "out of range"),
])
def test_bad_dates_in_html_metadata_are_errors(tmp_path, day, problem):
    page = (f'<html><head><title>Talks</title><meta property="article:published_time" content="{day}">'
            "</head><body><article><p>Peru and Chile met in Lima to discuss the border and trade.</p>"
            "</article></body></html>")
    bad = write(tmp_path, "page.html", page)
    found, failures = read_all([bad])
    assert found == []
    [failure] = failures
    assert failure.source == str(bad) and problem in failure.reason
    assert "article:published_time" in failure.reason


def test_html_metadata_date_read_as_declared(tmp_path):
    page = ('<html><head><title>Talks</title><meta itemprop="datePublished" content="2024-05-23">'
            "</head><body><article><p>Peru and Chile met in Lima to discuss the border and trade.</p>"
            "</article></body></html>")
    [article] = read_article_file(write(tmp_path, "page.html", page))
    assert article.published == date(2024, 5, 23)


def test_build_with_an_impossible_date_names_the_file_and_stores_the_rest(tmp_path):
    write(tmp_path, "in/bad.txt", dated("2024-02-30"))
    # Nothing else to extract: the build must not need the model to report the bad file.
    result = cli("build", tmp_path / "in", "--store", tmp_path / "store", "-q")
    assert result.exit_code == 1
    assert "bad.txt" in result.output and "impossible date '2024-02-30'" in result.output
    assert "Traceback" not in result.output


@pytest.mark.model
def test_build_stores_good_articles_around_a_bad_date(tmp_path, extractor):
    from graphkit.graph import KnowledgeGraph
    from graphkit.pipeline import build

    write(tmp_path, "a.txt", dated("2024-05-23", "Kenya and Norway signed a fisheries deal in Nairobi."))
    write(tmp_path, "b.txt", dated("2023-02-29"))
    write(tmp_path, "c.txt", dated("2024-05-24", "Peru and Chile met in Lima."))
    with KnowledgeGraph.open("memory") as graph:
        report = build([str(tmp_path)], graph, extractor=extractor)
        assert graph.stats()["articles"] == 2
    assert [f.source for f in report.failures] == [str(tmp_path / "b.txt")]


# ---------------------------------------------------------------------------
# 3. Size


def test_article_over_the_limit_is_an_error_of_that_file_only(tmp_path):
    small = write(tmp_path, "a.txt", GOOD)
    big = write(tmp_path, "b.txt", "Kenya and Norway met. " * 100)  # 2,200 bytes
    page = write(tmp_path, "c.html", "<html><body><p>" + "Peru and Chile met. " * 100 + "</p></body></html>")
    found, failures = read_all([small, big, page], max_article_mb=0.001)
    assert [a.path for a in found] == [str(small)]
    assert failures == [
        Failure(str(big), "article too large: 0.0022 MB, over the limit of 0.001 MB (--max-article-mb)"),
        Failure(str(page), "article too large: 0.002 MB, over the limit of 0.001 MB (--max-article-mb)"),
    ]


def test_default_limit_is_five_megabytes(tmp_path):
    big = write(tmp_path, "big.txt", "x" * 5_000_001)
    just = write(tmp_path, "just.txt", "y" * 5_000_000)
    found, failures = read_all([big, just])
    assert [a.path for a in found] == [str(just)]
    assert failures == [Failure(str(big), "article too large: 5.0 MB, over the limit of 5 MB (--max-article-mb)")]


def test_jsonl_line_over_the_limit_is_skipped_and_the_next_lines_read(tmp_path):
    lines = [{"text": "Small one."}, {"text": "Big. " * 1000}, {"text": "Small two."}]
    path = write(tmp_path, "r.jsonl", "".join(json.dumps(r) + "\n" for r in lines))
    found, failures = read_all([path], max_article_mb=0.002)
    assert [a.text for a in found] == ["Small one.", "Small two."]
    assert [a.path for a in found] == [f"{path}#1", f"{path}#3"]  # the numbers stay put
    assert [f.source for f in failures] == [f"{path}:2"] and "too large" in failures[0].reason


def test_json_record_over_the_limit(tmp_path):
    path = write(tmp_path, "r.json", json.dumps([{"text": "Big. " * 1000}, {"text": "Small."}]))
    found, failures = read_all([path], max_article_mb=0.002)
    assert [a.text for a in found] == ["Small."]
    assert [f.source for f in failures] == [f"{path}[0]"] and "too large" in failures[0].reason


def test_stdin_over_the_limit():
    found, failures = read_all(["-"], stdin=io.StringIO("Big. " * 1000), max_article_mb=0.001)
    assert found == [] and failures == [
        Failure("stdin", "article too large: 0.001 MB, over the limit of 0.001 MB (--max-article-mb)")]


def test_no_limit_reads_everything(tmp_path):
    big = write(tmp_path, "b.txt", "Kenya and Norway met. " * 100)
    found, failures = read_all([big], max_article_mb=0)
    assert len(found) == 1 and failures == []


def test_cli_max_article_mb_on_build_and_extract(tmp_path):
    big = write(tmp_path, "big.txt", "Kenya and Norway met. " * 100)
    result = cli("build", big, "--store", tmp_path / "store", "--max-article-mb", "0.001", "-q")
    assert result.exit_code == 1
    assert f"{big}: article too large" in result.output.replace("\n", "")
    assert "--max-article-mb" in cli("extract", "--help").output


@pytest.mark.model
def test_build_stores_the_others_when_one_article_is_too_large(tmp_path, extractor):
    from graphkit.graph import KnowledgeGraph
    from graphkit.pipeline import build

    write(tmp_path, "a.txt", "Kenya and Norway signed a fisheries deal in Nairobi.")
    write(tmp_path, "b.txt", "Peru and Chile met in Lima. " * 200)
    with KnowledgeGraph.open("memory") as graph:
        report = build([str(tmp_path)], graph, extractor=extractor, max_article_mb=0.002)
        assert graph.stats()["articles"] == 1
    assert [f.source for f in report.failures] == [str(tmp_path / "b.txt")]


def test_forced_sentence_breaks_bound_unpunctuated_runs():
    import spacy

    from graphkit.nlp.segment import MAX_SENTENCE_TOKENS, force_sentence_breaks

    nlp = spacy.blank("en")
    doc = force_sentence_breaks(nlp.make_doc("word " * 1000))
    starts = [t.i for t in doc if t.is_sent_start]
    assert starts[0] == 0 and max(b - a for a, b in zip(starts, starts[1:] + [len(doc)])) <= MAX_SENTENCE_TOKENS
    # Punctuated prose is left to the parser: no sentence start is forced.
    prose = nlp.make_doc("Peru and Chile met in Lima. " * 200)
    assert not any(t.is_sent_start for t in force_sentence_breaks(prose)[1:])


@pytest.mark.model
def test_unpunctuated_text_is_parsed_in_bounded_sentences(extractor):
    from graphkit.nlp.segment import MAX_SENTENCE_TOKENS
    from graphkit.records import Article

    words = ("Blinken met Lavrov in Geneva and the foreign minister of France spoke with "
             "officials from Germany about trade ").split()
    text = " ".join(words[i % len(words)] for i in range(3000))
    extraction = extractor.extract(Article(id="long", name="long.txt", text=text, published=date(2024, 5, 23)))
    assert extraction.interactions, "the text names actors meeting: something is found"
    # An interaction's evidence is its sentence: no sentence is longer than the bound.
    assert max(len(i.evidence.split()) for i in extraction.interactions) <= MAX_SENTENCE_TOKENS


# ---------------------------------------------------------------------------
# 4. Identity


def test_same_file_by_any_path_is_one_article(tmp_path, monkeypatch):
    write(tmp_path, "mine/a.txt", GOOD)
    write(tmp_path, "mine/b.jsonl", json.dumps({"text": "Kenya and Norway met."}) + "\n")
    monkeypatch.chdir(tmp_path)
    by_relative = [a.path for a in read_articles(["mine"])]
    by_absolute = [a.path for a in read_articles([str(tmp_path / "mine")])]
    monkeypatch.chdir(tmp_path / "mine")
    by_dot = [a.path for a in read_articles(["."])]
    by_file = [a.path for a in read_articles(["a.txt", "./b.jsonl"])]
    expected = [str(tmp_path / "mine" / "a.txt"), f"{tmp_path / 'mine' / 'b.jsonl'}#1"]
    assert by_relative == by_absolute == by_dot == by_file == expected


def test_one_run_reads_a_file_once_whatever_paths_name_it(tmp_path, monkeypatch):
    write(tmp_path, "mine/a.txt", GOOD)
    os.symlink(tmp_path / "mine" / "a.txt", tmp_path / "link.txt")
    monkeypatch.chdir(tmp_path)
    found, failures = read_all(["mine", str(tmp_path / "mine"), "mine/a.txt", "link.txt", "./mine/../mine"])
    assert len(found) == 1 and failures == []


@pytest.mark.model
def test_building_a_folder_by_three_paths_stores_its_articles_once(tmp_path, monkeypatch, extractor):
    from graphkit.graph import KnowledgeGraph
    from graphkit.pipeline import build

    write(tmp_path, "mine/a.txt", "Kenya and Norway signed a fisheries deal in Nairobi.")
    write(tmp_path, "mine/b.txt", "Peru and Chile met in Lima.")
    with KnowledgeGraph.open(str(tmp_path / "store")) as graph:
        monkeypatch.chdir(tmp_path)
        build(["mine"], graph, extractor=extractor)
        report = build([str(tmp_path / "mine")], graph, extractor=extractor)
        monkeypatch.chdir(tmp_path / "mine")
        again = build(["."], graph, extractor=extractor)
        assert graph.stats()["articles"] == 2
    assert report.skipped == again.skipped == 2 and report.articles == again.articles == 0


def test_stdin_articles_are_keyed_by_content_hash():
    from graphkit.rdf import article_iri

    [first] = read_articles(["-"], stdin=io.StringIO("Kenya and Norway met."))
    [second] = read_articles(["-"], stdin=io.StringIO("Peru and Chile met."))
    [again] = read_articles(["-"], stdin=io.StringIO("Kenya and Norway met."))
    assert article_iri(first) != article_iri(second)
    assert article_iri(first) == article_iri(again)
    assert first.path == f"stdin:{first.id}"


@pytest.mark.model
def test_two_piped_articles_do_not_replace_each_other(tmp_path, extractor, monkeypatch):
    from graphkit.graph import KnowledgeGraph
    from graphkit.pipeline import build

    with KnowledgeGraph.open(str(tmp_path / "store")) as graph:
        for text in ("Kenya and Norway signed a fisheries deal.", "Peru and Chile met in Lima."):
            monkeypatch.setattr("sys.stdin", io.StringIO(text))
            report = build(["-"], graph, extractor=extractor)
            assert report.replaced == 0
        assert graph.stats()["articles"] == 2


def test_two_articles_with_one_url_in_a_batch_do_not_replace_each_other(tmp_path):
    first = write(tmp_path, "a.txt", "---\nurl: https://news.example/1\n---\nKenya and Norway met.")
    second = write(tmp_path, "b.txt", "---\nurl: https://news.example/1\n---\nPeru and Chile met.")
    found, failures = read_all([tmp_path])
    assert [a.path for a in found] == [str(first)]
    [failure] = failures
    assert failure.source == str(second)
    assert str(first) in failure.reason and "'https://news.example/1'" in failure.reason


def test_the_same_article_twice_in_a_batch_is_read_once(tmp_path):
    text = "---\nurl: https://news.example/1\n---\nKenya and Norway met."
    write(tmp_path, "a.txt", text)
    write(tmp_path, "copy/a.txt", text)
    found, failures = read_all([tmp_path])
    assert len(found) == 1 and failures == []


@pytest.mark.model
def test_url_identifies_an_article_across_edits(tmp_path, extractor):
    from graphkit.graph import KnowledgeGraph
    from graphkit.pipeline import build

    path = write(tmp_path, "in/a.txt", "---\nurl: https://news.example/1\n---\nKenya and Norway met.")
    with KnowledgeGraph.open(str(tmp_path / "store")) as graph:
        build([str(path)], graph, extractor=extractor)
        path.unlink()
        moved = write(tmp_path, "in/renamed.txt", "---\nurl: https://news.example/1\n---\nPeru and Chile met.")
        report = build([str(moved)], graph, extractor=extractor)
        assert report.replaced == 1 and graph.stats()["articles"] == 1


# ---------------------------------------------------------------------------
# 8. Folders


def test_build_into_the_folder_it_reads_does_not_read_its_own_outputs(tmp_path):
    from graphkit.graph import KnowledgeGraph
    from graphkit.viz import write_map

    article = write(tmp_path, "news/a.txt", GOOD)
    with KnowledgeGraph.open(str(tmp_path / "news" / "out" / "store")) as graph:
        write_map(graph, tmp_path / "news" / "out" / "map.html")
        graph.export("ttl", tmp_path / "news" / "out" / "graph.ttl")
    write(tmp_path, "news/out/store/stray.txt", GOOD + "A file in a store folder is not an article.")
    found, failures = read_all([tmp_path / "news"])
    assert [a.path for a in found] == [str(article)] and failures == []


def test_a_map_named_explicitly_is_refused(tmp_path):
    from graphkit.graph import KnowledgeGraph
    from graphkit.viz import write_map

    page = tmp_path / "map.html"
    with KnowledgeGraph.open("memory") as graph:
        write_map(graph, page)
    found, failures = read_all([page])
    assert found == [] and failures == [Failure(str(page), "a map graphkit wrote, not an article")]


def test_symlinked_folders_are_followed_once(tmp_path):
    write(tmp_path, "news/a.txt", GOOD)
    write(tmp_path, "elsewhere/b.txt", "Kenya and Norway met.")
    os.symlink(tmp_path / "elsewhere", tmp_path / "news" / "linked")
    os.symlink(tmp_path / "news", tmp_path / "news" / "loop")  # back up the tree
    os.symlink(tmp_path / "elsewhere", tmp_path / "news" / "linked-again")
    found, failures = read_all([tmp_path / "news"])
    assert sorted(Path(a.path).name for a in found) == ["a.txt", "b.txt"] and failures == []


def _refuse(monkeypatch, folder: Path) -> None:
    """Make ``folder`` unreadable to os.walk (chmod does not stop root, who runs CI)."""
    real = os.scandir

    def scandir(path="."):
        if Path(os.fspath(path)) == folder:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_unreadable_sub_folder_is_named_not_skipped_silently(tmp_path, monkeypatch):
    write(tmp_path, "news/a.txt", GOOD)
    write(tmp_path, "news/locked/b.txt", GOOD)
    _refuse(monkeypatch, tmp_path / "news" / "locked")
    found, failures = read_all([tmp_path / "news"])
    assert [Path(a.path).name for a in found] == ["a.txt"]
    assert failures == [Failure(str(tmp_path / "news" / "locked"),
                                "cannot read this folder (permission denied); its articles are skipped")]


def test_unreadable_sub_folder_fails_the_build(tmp_path, monkeypatch):
    write(tmp_path, "news/locked/b.txt", GOOD)
    _refuse(monkeypatch, tmp_path / "news" / "locked")
    result = cli("build", tmp_path / "news", "--store", tmp_path / "store", "-q")
    assert result.exit_code == 1
    assert "locked" in result.output and "cannot read this folder" in result.output


def test_unreadable_sub_folder_really_chmodded(tmp_path):
    write(tmp_path, "news/a.txt", GOOD)
    locked = tmp_path / "news" / "locked"
    write(tmp_path, "news/locked/b.txt", GOOD)
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as a user who can read anything (root)")
        found, failures = read_all([tmp_path / "news"])
        assert [f.source for f in failures] == [str(locked)]
    finally:
        locked.chmod(0o755)


def test_iter_sources_still_yields_only_paths(tmp_path, monkeypatch):
    write(tmp_path, "news/a.txt", GOOD)
    write(tmp_path, "news/locked/b.txt", GOOD)
    _refuse(monkeypatch, tmp_path / "news" / "locked")
    assert list(iter_sources([str(tmp_path / "news")])) == [tmp_path / "news" / "a.txt"]
