"""commands: every subcommand (table.py) and what runs it; imports every stage but cli."""
