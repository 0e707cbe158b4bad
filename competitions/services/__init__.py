"""Writes, by concern: registration (competitions, events, entries, imports) and scoring (marks, results)."""
