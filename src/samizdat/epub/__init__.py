"""epub: Book -> an EPUB 3 package (ebooklib); imports the stages before it, never pdf/web."""
