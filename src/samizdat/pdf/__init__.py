"""The print editions: Book -> print HTML -> WeasyPrint layout (with its checks) -> PDF,
and the large-print and booklet editions made from the same layout.

Only this package imports WeasyPrint. It never imports samizdat.epub or the commands.
"""
