"""PDF/UA: every footnote is a Note structure element with an ID, its call a Reference
holding a Link to it."""

from __future__ import annotations

import pytest

# --- PDF/UA: footnotes are Note elements, their calls link to them ------------------------

def structure_elements(pdf):
    """Every structure element, depth first in reading order."""
    import pikepdf

    def visit(node):
        if isinstance(node, pikepdf.Array):
            for kid in node:
                yield from visit(kid)
        elif isinstance(node, pikepdf.Dictionary) and node.get("/Type") != "/OBJR" and "/S" in node:
            yield node
            if "/K" in node:
                yield from visit(node.K)

    yield from visit(pdf.Root.StructTreeRoot.K)


def marked_texts(path) -> dict[tuple[int, int], str]:
    """The text of each marked-content sequence: (page index, MCID) -> text."""
    import pypdf

    texts = {}
    for index, page in enumerate(pypdf.PdfReader(path).pages):
        open_ids = []

        def before(op, args, cm, tm, open_ids=open_ids):
            if op in (b"BDC", b"BMC"):
                props = args[1] if op == b"BDC" and len(args) > 1 else None
                open_ids.append(props.get("/MCID") if hasattr(props, "get") else None)
            elif op == b"EMC" and open_ids:
                open_ids.pop()

        def text(value, cm, tm, font, size, open_ids=open_ids, index=index):
            if open_ids and open_ids[-1] is not None:
                key = (index, int(open_ids[-1]))
                texts[key] = texts.get(key, "") + value

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


def element_text(element, pages, texts, skip=("/Lbl",)) -> str:
    """The text of an element's marked content, its Lbl (the note's number) left out."""
    import pikepdf

    out = []

    def visit(node, page):
        if isinstance(node, pikepdf.Array):
            for kid in node:
                visit(kid, page)
        elif isinstance(node, pikepdf.Dictionary):
            if node.get("/S") in skip or node.get("/Type") == "/OBJR":
                return
            page = pages[node.Pg.objgen] if "/Pg" in node else page
            if node.get("/Type") == "/MCR":
                out.append(texts.get((page, int(node.MCID)), ""))
            elif "/K" in node:
                visit(node.K, page)
        else:
            out.append(texts.get((page, int(node)), ""))

    visit(element, pages[element.Pg.objgen])
    return "".join(out)


def squash(text: str) -> str:
    import re

    return re.sub(r"[\s\-\u2010\u00ad\u2060\u200b]+", "", text)


@pytest.fixture(scope="module")
def note_tree(helsinki):
    import pikepdf

    pdf = pikepdf.open(helsinki.pdf)
    yield pdf, list(structure_elements(pdf))
    pdf.close()


def test_every_footnote_is_a_note_element_with_a_unique_id(helsinki, note_tree):
    pdf, elements = note_tree
    notes = [e for e in elements if e.S == "/Note"]
    ids = [str(e.ID) for e in notes]
    assert len(notes) == len(helsinki.book.notes) == 14
    assert ids == [note.id for note in helsinki.book.notes]
    assert len(set(ids)) == len(ids)
    # every /ID is in the structure tree root's IDTree, pointing at its element
    import pikepdf

    tree = pikepdf.NameTree(pdf.Root.StructTreeRoot.IDTree)
    assert sorted(tree.keys()) == sorted(ids)
    for note in notes:
        assert tree[str(note.ID)].objgen == note.objgen


def test_each_note_holds_its_own_text(helsinki, note_tree):
    pdf, elements = note_tree
    pages = {page.objgen: i for i, page in enumerate(pdf.pages)}
    texts = marked_texts(helsinki.pdf)
    for element in (e for e in elements if e.S == "/Note"):
        note = next(n for n in helsinki.book.notes if n.id == str(element.ID))
        assert squash(element_text(element, pages, texts)) == squash(note.text), note.id
        label = next(k for k in element.K if k.get("/S") == "/Lbl")
        assert element_text(label, pages, texts, skip=()).strip().rstrip(".").isdigit()


def test_each_call_is_a_reference_with_a_link_to_its_note(helsinki, note_tree):
    import pikepdf

    pdf, elements = note_tree
    pages = {page.objgen: i for i, page in enumerate(pdf.pages)}
    destinations = pikepdf.NameTree(pdf.Root.Names.Dests)
    notes = {str(e.ID): e for e in elements if e.S == "/Note"}
    texts = marked_texts(helsinki.pdf)
    targets = []
    for reference in (e for e in elements if e.S == "/Reference"):
        (link,) = reference.K
        assert link.S == "/Link" and link.P.objgen == reference.objgen
        (annotation,) = [k.Obj for k in link.K if isinstance(k, pikepdf.Dictionary)
                         and k.get("/Type") == "/OBJR"]
        assert annotation.Subtype == "/Link"
        target = str(annotation.Dest)
        targets.append(target)
        note = notes[target]
        # the destination is on the note's page, and the call shows the note's number
        assert pages[destinations[target][0].objgen] == pages[note.Pg.objgen]
        label = next(k for k in note.K if k.get("/S") == "/Lbl")
        number = element_text(link, pages, texts).strip()
        assert number == element_text(label, pages, texts, skip=()).strip().rstrip(".")
    assert targets == [note.id for note in helsinki.book.notes]
