"""render: what the PDF, EPUB and web renderers share; imports core, source and assemble."""
