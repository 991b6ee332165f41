"""What the tests and the benchmarks measure that a build never needs: the layout checked
against the line planner's plans (planned.py). evenness.py re-exports samizdat.pdf.evenness."""
