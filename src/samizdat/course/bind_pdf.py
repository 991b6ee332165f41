"""The reader's PDF: its own pages, then each handout's pages as laid out in its process,
each opening on a right-hand page; one folio layer numbering every page; the handouts'
named destinations, links, bookmarks and structure trees carried over, each handout's ids
prefixed (h2-fn1) so no two handouts' labels meet."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, NameTree, NumberTree

from ..core.language import language
from .folio_layer import lay_folios, lay_out_html, write_html_pdf
from .front import front_html
from .handout import Laid
from .schema import Course


def front_layout(root: Path, course: Course, laid: list[Laid], starts):
    """The title page and the contents laid out, their numbers filled (starts None:
    placeholders): its number of pages, and a function that writes its PDF."""
    html = front_html(course, [h.book for h in laid], starts, [dict(h.anchors) for h in laid])
    document = lay_out_html(root, html)
    return len(document.pages), lambda: write_html_pdf(document, html)


def layer_pages(layer: bytes) -> int:
    """The number of pages of a folio layer."""
    with pikepdf.open(io.BytesIO(layer)) as pdf:
        return len(pdf.pages)


def starts_after(front: int, laid: list[Laid]) -> list[int]:
    """Each handout's first page: the next right-hand (odd) page after what comes before."""
    starts, page = [], front + 1
    for handout in laid:
        page += page % 2 == 0
        starts.append(page)
        page += handout.pages
    return starts


def bind(root: Path, course: Course, front: bytes, laid: list[Laid],
         starts: list[int], layer: bytes | None = None) -> tuple[bytes, int]:
    """The reader's PDF and its number of pages; layer: its folio layer, if made already."""
    out = pikepdf.open(io.BytesIO(front))
    size = out.pages[0].mediabox
    numbered = []  # indexes of the handouts' pages, which take a folio from the layer
    dests = NameTree(out.Root.Names.Dests) if "/Names" in out.Root else None
    structure = Structure(out)
    outline = []
    for number, (handout, start) in enumerate(zip(laid, starts, strict=True), 1):
        while len(out.pages) < start - 1:
            out.add_blank_page(page_size=(float(size[2]), float(size[3])))
        prefix = f"h{number}-"
        with pikepdf.open(io.BytesIO(handout.pdf)) as part:
            first = len(out.pages)
            with warnings.catch_warnings():  # the destinations are carried over below
                warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
                out.pages.extend(part.pages)
            numbered += range(first, len(out.pages))
            renamed_links(out.pages[first:], prefix)
            copy_dests(out, part, dests, prefix, out.pages[first])
            structure.add(part, out.pages[first:], handout.book.metadata.lang)
            outline.append((handout.book.metadata.title, first, copy_outline(out, part)))
    structure.finish()
    total = len(out.pages)
    lay_folios(out, root, course.lang, course.paper, numbered, layer)
    write_outline(out, course, outline)
    out.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D)]))
    data = io.BytesIO()
    out.save(data, deterministic_id=True)
    return data.getvalue(), total


def renamed_links(pages, prefix: str) -> None:
    """A handout's internal links name its destinations with its prefix."""
    for page in pages:
        for annot in page.obj.get("/Annots", []):
            dest = annot.get("/Dest")
            if isinstance(dest, pikepdf.String):
                annot.Dest = pikepdf.String(prefix + str(dest))


def copy_dests(out, part, dests: NameTree | None, prefix: str, first_page) -> None:
    """The handout's named destinations, prefixed, and its start (h2-start)."""
    if dests is None:
        out.Root.Names = Dictionary(Dests=NameTree.new(out).obj)
        dests = NameTree(out.Root.Names.Dests)
    if "/Names" in part.Root and "/Dests" in part.Root.Names:
        for name, dest in NameTree(part.Root.Names.Dests).items():
            dests[prefix + name] = foreign(out, dest)
    dests[prefix + "start"] = Array([first_page.obj, Name.Fit])


def foreign(out, obj):
    """An object of a handout's PDF in the reader's: its pages are the copies made of them."""
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return out.copy_foreign(obj)
    if isinstance(obj, Array):
        return Array([foreign(out, item) for item in obj])
    if isinstance(obj, Dictionary):
        return Dictionary({key: foreign(out, value) for key, value in obj.items()})
    return obj


def copy_outline(out, part) -> list:
    """The handout's bookmarks, as (title, destination, children), destinations copied."""
    def walk(items):
        return [(item.title, foreign(out, item.destination)
                 if item.destination is not None else None, walk(item.children))
                for item in items]
    with part.open_outline() as outline:
        return walk(outline.root)


def write_outline(out, course: Course, handouts) -> None:
    """Bookmarks: the course, its contents and each handout, each handout's sections in it."""
    def build(items):
        made = []
        for title, dest, children in items:
            item = pikepdf.OutlineItem(title, dest if dest is not None else 0)
            item.children.extend(build(children))
            made.append(item)
        return made
    with out.open_outline() as outline:
        top = pikepdf.OutlineItem(course.title, 0)
        top.children.append(pikepdf.OutlineItem(language(course.lang).contents, 2))
        for title, first, children in handouts:
            item = pikepdf.OutlineItem(title, first)
            item.children.extend(build(children))
            top.children.append(item)
        outline.root.clear()
        outline.root.append(top)


class Structure:
    """The handouts' structure trees gathered under the reader's document element, their
    marked-content numbers (StructParents) shifted past those before them."""

    def __init__(self, out):
        self.out = out
        self.root = out.Root.StructTreeRoot
        kids = self.root.K
        self.document = kids[0] if isinstance(kids, Array) else kids
        if not isinstance(self.document.get("/K"), Array):
            self.document.K = Array([self.document.K])
        self.tree = NumberTree(self.root.ParentTree)
        self.next = max((key for key, _ in self.tree.items()), default=-1) + 1

    def add(self, part, pages, lang: str) -> None:
        source = part.Root.get("/StructTreeRoot")
        if source is None:
            return
        kids = foreign(self.out, source.K)
        for kid in kids if isinstance(kids, Array) else [kids]:
            kid.S = Name.Part  # each handout a part of the reader's document, in its language
            kid.Lang = pikepdf.String(lang)
            kid.P = self.document
            self.document.K.append(kid)
        offset, last = self.next, -1
        for key, value in NumberTree(source.ParentTree).items():
            self.tree[key + offset] = foreign(self.out, value)
            last = max(last, key)
        for page in pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annot in page.obj.get("/Annots", []):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
        self.next = offset + last + 1

    def finish(self) -> None:
        self.root.ParentTreeNextKey = self.next
        if "/IDTree" in self.root:  # element ids of the reader's own pages only
            del self.root["/IDTree"]
