"""The headless Chromium the browser checks drive (browser_check, jupyterlab_check).

Debian's ``chromium`` (or ``$CHROMIUM``), launched by Playwright with flags that
keep it from reaching the network on its own.
"""

from __future__ import annotations

import os
import shutil
import sys

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium(what: str) -> str:
    """Path of the Chromium executable; exit with how to install it if there is none."""
    path = (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not path:
        sys.exit(
            f"{what} needs Chromium, which was not found.\n"
            "  Debian/Ubuntu: sudo apt-get install chromium   (what .ci/run does)\n"
            "  elsewhere: install Chromium and set CHROMIUM=/path/to/chromium"
        )
    return path
