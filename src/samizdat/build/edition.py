"""An edition is a property of the build: the teacher's is marked in its title and named
with its own files (NAME-teacher.pdf); the students' is the book as the students read it."""

from __future__ import annotations

import dataclasses

from ..core.classroom_words import words
from ..core.model import Book
from .formats import EDITIONS


def as_edition(book: Book, edition: str, withheld=()) -> Book:
    """The Book of one edition, carrying what the leak check needs."""
    book = dataclasses.replace(book, edition=edition, withheld=tuple(withheld))
    if edition == "student":
        return book
    meta = book.metadata
    return dataclasses.replace(book, metadata=dataclasses.replace(
        meta, title=f"{meta.title} ({words(meta.lang).teachers_edition})",
        output=meta.basename + EDITIONS[edition],
        identifier=f"{meta.uid}-{edition}" if meta.identifier else None))
