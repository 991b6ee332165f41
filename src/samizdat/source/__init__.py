"""Reading the book folder: the metadata schema, the chapters, bibliography and timeline,
the scan of the Markdown and the rules checked before pandoc runs.

Nothing outside this package reads the author's files. It never imports the renderers
(samizdat.pdf, samizdat.epub) or the commands.
"""
