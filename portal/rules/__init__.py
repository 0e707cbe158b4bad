"""Pure rules of the portal's pages (no ORM): the annual summary paragraph."""
