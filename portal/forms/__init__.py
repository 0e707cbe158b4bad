"""Forms of the pages that span apps; filter sets are in ``filters``."""
