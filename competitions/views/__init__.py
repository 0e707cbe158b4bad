"""Views by concern: base (lists and detail), registration (issue 3), scoring (issue 4)."""
