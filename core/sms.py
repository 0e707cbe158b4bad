"""Text messages (短信), behind a pluggable backend like Django's e-mail backends.

``settings.JIANGXIN_SMS_BACKEND`` names a class with ``send(phone, text)``. ``ConsoleSmsBackend``
(the default, for development) writes the message to the log and to standard output;
``MemorySmsBackend`` keeps them in ``MemorySmsBackend.outbox`` (tests). A production backend wraps
the provider's API in the same one method.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("jiangxin.sms")


class ConsoleSmsBackend:
    def send(self, phone: str, text: str) -> None:
        line = f"[短信] {phone}: {text}"
        logger.info(line)
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


class MemorySmsBackend:
    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        MemorySmsBackend.outbox.append((phone, text))


def send_sms(phone: str, text: str) -> None:
    import_string(settings.JIANGXIN_SMS_BACKEND)().send(phone, text)
