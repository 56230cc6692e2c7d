"""Screenshots of the served UI and the network for the README (docs/*.png).

Builds nothing: give it a folder `kg build` wrote (default: out/, as
`make run` leaves it). Starts `kg serve` on a free port, opens the pages in
Debian's chromium with Playwright, and saves:
docs/ui.png (the query editor after running who_met), docs/entity.png
(an entity page) and docs/network.png (the network view).

    .venv/bin/python docs/screenshots.py [OUT]
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
from kgserver import Server  # noqa: E402


def main() -> None:
    from playwright.sync_api import sync_playwright

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "out"
    server = Server(out)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(server.url + "/")
            page.wait_for_function("() => window.kgYasgui !== undefined")
            page.evaluate("() => { const y = window.kgYasgui;"
                          " y.selectTabId(y.persistentConfig.getTabs().find(id => y.getTab(id).getName() === 'who_met'));"
                          " y.getTab().getYasqe().query(); }")
            page.wait_for_function("() => document.querySelector('.dataTable tbody tr') !== null")
            page.screenshot(path=str(HERE / "ui.png"))
            page.goto(server.url + "/entity/Q7747")
            page.screenshot(path=str(HERE / "entity.png"), full_page=False)
            page.goto(server.url + "/graph")
            page.wait_for_timeout(4000)
            page.screenshot(path=str(HERE / "network.png"))
            browser.close()
    finally:
        server.stop()
    print("wrote docs/ui.png, docs/entity.png, docs/network.png")


if __name__ == "__main__":
    main()
