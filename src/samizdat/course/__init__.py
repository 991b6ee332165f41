"""A course: handouts that each build on their own, bound into a reader and a course site."""
