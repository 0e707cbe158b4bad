"""Reads that span apps (the home page's to-do lists)."""

from .home import HomeBoard, Todo, home_board

__all__ = ["HomeBoard", "Todo", "home_board"]
