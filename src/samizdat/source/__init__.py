"""source: the book folder read and checked before pandoc runs; imports only core."""
