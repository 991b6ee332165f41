"""What the tests and the benchmarks measure that a build never needs: the evenness of a built
PDF (evenness.py), and the layout checked against the line planner's plans (planned.py)."""
