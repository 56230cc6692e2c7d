"""Reading articles: formats, metadata, and every kind of bad input."""
from __future__ import annotations

import json

import pytest

from kg.errors import InputNotFound
from kg.ingest import Skipped, read_articles
from kg.model import Article

FRENCH = ("Le gouvernement a annoncé mardi une nouvelle série de mesures économiques "
          "destinées à soutenir les agriculteurs touchés par la sécheresse.")
ENGLISH = ("The government announced on Tuesday a new package of economic measures "
           "meant to help farmers hit by the drought across the region.")


def read(path) -> list:
    return list(read_articles([path]))


def test_text_first_line_is_the_title(tmp_path):
    (tmp_path / "a.txt").write_text(f"Drought measures\n\n{ENGLISH}\n{ENGLISH}\n", encoding="utf-8")
    [article] = read(tmp_path / "a.txt")
    assert isinstance(article, Article)
    assert article.title == "Drought measures"
    assert article.lang == "en"
    assert article.text.split("\n\n")[1:] == [ENGLISH, ENGLISH]  # one paragraph per line


def test_html_main_text_and_metadata(tmp_path):
    page = f"""<!DOCTYPE html><html lang="fr"><head><title>Sécheresse : des mesures</title>
    <meta property="article:published_time" content="2024-05-14T08:00:00+02:00"></head>
    <body><nav><a href="/">Accueil</a> <a href="/monde">Monde</a></nav>
    <article><h1>Sécheresse : des mesures</h1><p>{FRENCH}</p><p>{FRENCH}</p></article>
    <footer>© Exemple 2024 — Tous droits réservés</footer></body></html>"""
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    [article] = read(tmp_path / "a.html")
    assert article.lang == "fr"
    assert article.date == "2024-05-14"
    assert FRENCH in article.text
    assert "Tous droits réservés" not in article.text


def test_jsonl_one_article_per_line_and_bad_lines_reported(tmp_path):
    lines = [json.dumps({"title": "A", "text": ENGLISH, "date": "2024-01-02", "url": "https://example.org/a"}),
             "{not json",
             json.dumps({"title": "no text"}),
             json.dumps({"text": FRENCH, "lang": "fr"})]
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read(tmp_path / "a.jsonl")
    articles = [i for i in items if isinstance(i, Article)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [a.id for a in articles] == ["a.jsonl#1", "a.jsonl#4"]
    assert articles[0].url == "https://example.org/a" and articles[0].date == "2024-01-02"
    assert {s.source.rsplit(":", 1)[1] for s in skipped} == {"2", "3"}
    assert "malformed JSON line" in skipped[0].reason


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"\n  \n", "empty file"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("latin1.txt", "Titre\nLe président a été reçu à l'Élysée.".encode("latin-1"), "not valid UTF-8"),
    ("spanish.txt", "Titular\nEl presidente del Gobierno se reunió ayer con los líderes de la oposición para "
                    "negociar los presupuestos del próximo año.".encode(), "language 'es' is not supported"),
    ("short.txt", b"Hi\nok", "empty article"),
    ("data.csv", b"a,b\n1,2\n", "unsupported file type"),
])
def test_bad_input_is_reported_by_name_with_reason(tmp_path, name, content, reason):
    (tmp_path / name).write_bytes(content)
    [item] = list(read_articles([tmp_path / name]))
    assert isinstance(item, Skipped)
    assert item.source.endswith(name)
    assert reason in item.reason


def test_huge_file_is_skipped(tmp_path):
    from kg.settings import Settings

    (tmp_path / "big.txt").write_text("Title\n" + ENGLISH * 10, encoding="utf-8")
    [item] = list(read_articles([tmp_path / "big.txt"], Settings(max_article_bytes=100)))
    assert isinstance(item, Skipped) and "too large" in item.reason


def test_missing_input_path_raises(tmp_path):
    with pytest.raises(InputNotFound, match="No such file or folder"):
        read(tmp_path / "nope")


def test_folders_are_walked_and_readme_ignored(tmp_path):
    (tmp_path / "README.md").write_text("# not an article", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"B\n{ENGLISH}", encoding="utf-8")
    (tmp_path / "a.txt").write_text(f"A\n{ENGLISH} Again.", encoding="utf-8")
    assert [a.id for a in read(tmp_path)] == ["a.txt", "b.txt"]


def test_reading_in_several_processes_gives_the_same_articles_in_the_same_order(tmp_path):
    """A build reads many files in as many processes as it has workers; what
    comes back, bad files included, is what one process reads."""
    bad = {"empty.txt": b"", "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00", "latin1.txt": "Titre\nÉté".encode("latin-1")}
    for number in range(150):
        name = list(bad)[number % 3] if number % 10 == 0 else f"article-{number:03}.txt"
        if name in bad:
            (tmp_path / f"{number:03}-{name}").write_bytes(bad[name])
        else:
            body = FRENCH if number % 2 else ENGLISH
            (tmp_path / name).write_text(f"Title {number}\n\n{body}\n", encoding="utf-8")
    one = list(read_articles([tmp_path]))
    several = list(read_articles([tmp_path], processes=2))
    assert several == one
    assert len(one) == 150 and sum(isinstance(item, Skipped) for item in one) == 15
    assert {item.lang for item in one if isinstance(item, Article)} == {"fr", "en"}
