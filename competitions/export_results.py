"""Results book exporter (issue 4)."""
