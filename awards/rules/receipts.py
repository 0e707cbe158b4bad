"""回执号 (receipt numbers) of objections: drawn at random, read back from what a person typed."""

from __future__ import annotations

import secrets
import unicodedata

# 31 symbols without 0/O/1/I/L, so a receipt read aloud or copied by hand stays unambiguous;
# 16 of them carry 79 bits: nobody guesses one.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RECEIPT_LENGTH = 16


def _grouped(raw: str) -> str:
    return "-".join(raw[i : i + 4] for i in range(0, RECEIPT_LENGTH, 4))


def new_receipt() -> str:
    """An unguessable receipt number, e.g. ``7KQ2-M9XD-4HTB-R3WN``."""
    return _grouped("".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH)))


def normalise_receipt(text: str | None) -> str:
    """What a person typed (lower case, spaces, full-width characters, any dashes) → the stored form;
    "" when it cannot be a receipt number."""
    raw = "".join(ch for ch in unicodedata.normalize("NFKC", text or "").upper() if ch.isalnum())
    if len(raw) != RECEIPT_LENGTH or any(ch not in RECEIPT_ALPHABET for ch in raw):
        return ""
    return _grouped(raw)
