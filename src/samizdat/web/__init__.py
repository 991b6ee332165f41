"""web: Book -> one self-contained web page; imports the stages before it, never pdf/epub."""
