"""samizdat import: a Word (.docx) or OpenDocument (.odt) file becomes a book folder.

container.py opens and inspects the file (its kind, properties, tracked changes, what it
holds); fields.py turns reference-manager citation fields into placeholders pandoc keeps;
keys.py gives each cited work a readable key; convert.py rewrites pandoc's reading of the
file into samizdat's Markdown conventions; writer.py writes the new folder. The command that
builds the result afterwards is commands/import_word.py.

Layer: after core, source and pandoc; nothing but the commands imports this package.
"""
