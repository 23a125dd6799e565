"""An article's text from a paste or a file: plain text, HTML, Word."""

from __future__ import annotations

import io

import docx
import pytest

from loaders.documents import MAX_BYTES, article_text, read_article
from loaders.errors import LoadError

ARABIC = (
    "بين يناير ومايو من هذا العام ، زادت التجارة بنحو خمسة في المائة ، لتصل إلى 9.2 مليار دولار"
)


def test_plain_text_in_any_encoding_keeps_its_words():
    assert article_text(ARABIC.encode("utf-8-sig"), "a.txt") == ARABIC
    russian = "Товарооборот достиг 24,2 млрд долларов."
    assert article_text(russian.encode("cp1251"), "a.txt") == russian


def test_html_gives_the_paragraphs_not_the_scripts_or_menus():
    page = (
        "<html><head><script>var x = '9 billion';</script><style>p{}</style></head><body>"
        "<nav>Home | News</nav><h1>Trade grows</h1><p>Trade   reached\n$24.2&nbsp;billion.</p>"
        "<p>Second paragraph.</p><footer>© 2022</footer></body></html>"
    )
    assert article_text(page.encode(), "a.html") == (
        "Trade grows\n\nTrade reached $24.2 billion.\n\nSecond paragraph."
    )


def test_a_word_document_gives_its_paragraphs():
    document = docx.Document()
    document.add_paragraph("Заголовок")
    document.add_paragraph("")
    document.add_paragraph(ARABIC)
    buffer = io.BytesIO()
    document.save(buffer)
    assert article_text(buffer.getvalue(), "a.docx") == f"Заголовок\n\n{ARABIC}"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.pdf", b"%PDF-1.4", "an article as .txt, .md, .html, .htm, .docx, found '.pdf'"),
        ("a.docx", b"PK\x03\x04 not really", "expected a Word document (.docx)"),
        ("a.txt", b"   \n\n ", "expected a non-empty file"),
        ("a.html", b"<html><body><script>x</script></body></html>", "an article with some text"),
        ("a.txt", b"a" * (MAX_BYTES + 1), "expected an article of at most 5 MB"),
    ],
)
def test_files_that_are_not_articles_say_why(name, data, expected):
    with pytest.raises(LoadError) as error:
        article_text(data, name)
    assert str(error.value).startswith(f"{name}: ")
    assert expected in str(error.value)


def test_a_missing_file_is_a_load_error(tmp_path):
    with pytest.raises(LoadError, match="expected a readable file"):
        read_article(tmp_path / "gone.txt")
