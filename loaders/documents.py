"""The text of an article a user pastes or uploads: plain text, HTML or a Word document.

Only the words matter here: quotes are found in this text and kept verbatim, so it is
returned as the reader sees it, paragraph by paragraph, one blank line between them.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from loaders.errors import N_, LoadError, Phrase
from loaders.files import decode

SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx")
# An article is a few pages; a file far bigger is not one (and would only slow the reading).
MAX_BYTES = 5 * 2**20
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def article_text(data: bytes, name: str) -> str:
    """The text of the file ``name`` holding ``data``; LoadError naming it otherwise."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise LoadError(
            name,
            N_("an article as {suffixes}"),
            found=suffix or Phrase(N_("no suffix")),
            values={"suffixes": ", ".join(SUFFIXES)},
        )
    if len(data) > MAX_BYTES:
        raise LoadError(
            name, N_("an article of at most {size} MB"), values={"size": MAX_BYTES // 2**20}
        )
    if suffix == ".docx":
        text = _docx(data, name)
    elif suffix in (".html", ".htm"):
        text = _html(decode(data, name), name)
    else:
        text = decode(data, name)
    text = _BLANK_LINES.sub("\n\n", text.replace("\u00a0", " ")).strip()
    if not text:
        raise LoadError(name, N_("an article with some text"))
    return text


def read_article(path: str | Path) -> str:
    """The text of an article file on disk."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LoadError(
            path, N_("a readable file"), details=[error.strerror or str(error)]
        ) from None
    return article_text(data, path.name)


def _docx(data: bytes, name: str) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise LoadError(name, N_("a Word document (.docx)"), details=[str(error)[:160]]) from None
    return "\n\n".join(p.text for p in document.paragraphs if p.text.strip())


def _html(text: str, name: str) -> str:
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as error:
        raise LoadError(name, N_("an HTML page"), details=[str(error)[:160]]) from None
    for junk in root.xpath("//script | //style | //noscript | //nav | //header | //footer"):
        junk.drop_tree()
    blocks = root.xpath("//p | //h1 | //h2 | //h3 | //li | //blockquote")
    if not blocks:
        return root.text_content()
    texts = (" ".join(block.text_content().split()) for block in blocks)
    return "\n\n".join(text for text in texts if text)
