"""What every browser test watches for on a page: anything refused under the Content-Security-Policy
(an inline script, handler or style left in a template) and any script error."""

from __future__ import annotations


def record_refusals(page, refused: list[str]) -> None:
    """Append to ``refused`` each CSP refusal and each uncaught script error of ``page``, with its URL."""

    def on_console(message):
        if message.type == "error" and ("Refused to" in message.text or "Content Security Policy" in message.text):
            refused.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: refused.append(f"{page.url}: {error}"))
