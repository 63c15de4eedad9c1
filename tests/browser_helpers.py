"""Driving Debian's chromium with Playwright: the launch flags and an offline page."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def open_page(browser, base: str, width: int = 1280):
    """A page whose every request outside ``base`` is aborted and recorded."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.kb_external = []
    page.kb_errors = []

    def route(r):
        url = r.request.url
        if url.startswith(base) or url.startswith("data:"):
            r.continue_()
        else:
            page.kb_external.append(url)
            r.abort()

    context.route("**/*", route)
    page.on("pageerror", lambda e: page.kb_errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and page.kb_errors.append(m.text))
    return page
