"""Classroom handouts: source, term, question and box blocks, and the teacher's edition."""
