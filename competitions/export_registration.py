"""Registration list exporter (issue 3)."""
