"""The print editions: Book -> print HTML -> WeasyPrint layout (with its checks) -> PDF,
and the large-print and booklet editions made from the same layout.

Only this package imports WeasyPrint, and only its engine/ WeasyPrint's internals. It never
imports samizdat.epub or the commands.
"""
