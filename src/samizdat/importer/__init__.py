"""samizdat import: a Word (.docx) or OpenDocument (.odt) file becomes a book folder.

container.py opens and inspects the file (its kind, properties, tracked changes, what it
holds); fields.py turns reference-manager citation fields into placeholders pandoc keeps;
keys.py gives each cited work a readable key; markers.py keeps the ODT styles pandoc drops;
convert.py (with tree.py, the AST's helpers) rewrites pandoc's reading of the file into
samizdat's Markdown conventions; writer.py writes the new folder; run.py does it all in
order. The command that builds the result afterwards is commands/import_word.py.

Its stage stands after build and before the commands (it uses core, source and pandoc);
nothing but the commands imports it.
"""
