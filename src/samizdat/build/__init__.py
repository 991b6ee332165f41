"""build: the pipeline, formats, page record, atomic writes; imports every stage but commands."""
