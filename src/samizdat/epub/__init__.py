"""The e-reader edition: Book -> XHTML pages -> an EPUB 3 package through ebooklib.

It never imports samizdat.pdf (building an EPUB never loads WeasyPrint) or the commands.
"""
