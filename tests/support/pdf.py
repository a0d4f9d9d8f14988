"""The text of a PDF (an invoice, a packing slip) as a reader sees it, through pypdf."""

import io
import re

from pypdf import PdfReader


def normalised(text: str) -> str:
    """Every run of whitespace as one space: "€\\xa0114,80", and a sentence wrapped over two lines, read as one."""
    return re.sub(r"\s+", " ", text)


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page, normalised."""
    return [normalised(page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages]


def pdf_text(content: bytes) -> str:
    """The text of the whole document, normalised."""
    return " ".join(pdf_pages(content))


def assert_says(text: str, *expected: str) -> None:
    """Each expected phrase is in the (normalised) text; all missing ones are listed at once."""
    missing = [part for part in expected if normalised(part) not in text]
    assert missing == [], text
