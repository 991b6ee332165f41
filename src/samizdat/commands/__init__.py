"""The commands beside building: check (the built files read back and judged), new,
watch, preview, deps and explain. One module per command; cli.py dispatches to them.

Nothing in samizdat imports this package but cli.py.
"""
