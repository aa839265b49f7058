"""Take a screenshot of every page into docs/screenshots/ (headless Chromium).

Run after `chainmap build`:  .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chainmap.config import load_settings  # noqa: E402
from tests.browser.chromium import start_chromium  # noqa: E402
from tests.serving import serve  # noqa: E402

PAGES = {
    "overview": "/",
    "overview-en": "/?lang=en",
    "chain-rail": "/chain?chain=rail&region=500000&node=rail.vehicle",
    "map-rail": "/map?chain=rail",
    "map-rail-chengyu-lq": "/map?chain=rail&overlay=chengyu&measure=lq",
    "targets-rail": "/targets?chain=rail&region=500000",
    "firms": "/firms?firm=cq_crrc_cc",
    "present-map": "/present?chain=rail&step=map",
    "present-chain": "/present?chain=rail&step=chain",
    "present-targets": "/present?chain=rail&step=targets",
    # the shipped registry (issue #16): 东方电气 on the clean-energy chain for 成渝, targets for
    # CNC (利勃海尔, 埃马克), the green-factory label on /firms and on the map
    "chain-clean-energy-chengyu": "/chain?chain=clean_energy&region=chengyu"
                                  "&node=clean_energy.hydro_turbine",
    "targets-cnc": "/targets?chain=cnc&region=500000",
    "firms-green": "/firms?label=%E7%BB%BF%E8%89%B2%E5%B7%A5%E5%8E%82",
    "map-green": "/map?label=%E7%BB%BF%E8%89%B2%E5%B7%A5%E5%8E%82",
    # issue #17: the English views, the login page an anonymous visitor of /import meets
    "chain-rail-en": "/chain?chain=rail&region=500000&node=rail.vehicle&lang=en",
    "chain-robot-en": "/chain?chain=robot&region=500000&node=robot.reducer&lang=en",
    "map-rail-en": "/map?chain=rail&lang=en",
    "firms-en": "/firms?firm=cq_crrc_cc&lang=en",
    "targets-rail-en": "/targets?chain=rail&region=500000&lang=en",
    "login": "/login?next=/import",
}
# the smaller screen (1280×800) for the pages a presenter's laptop shows
SMALL = ["overview", "chain-rail", "map-rail", "targets-rail", "overview-en", "map-rail-en"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    shots = [(name, path, (1600, 1000), name) for name, path in PAGES.items()]
    shots += [(name, PAGES[name], (1280, 800), f"{name}-1280") for name in SMALL]
    with serve(load_settings().db_path) as base:
        browser = start_chromium(1600, 1000)
        try:
            for _name, path, (width, height), file in shots:
                browser.set_window_size(width, height)
                browser.get(base + path)
                time.sleep(4)  # maps and figures settle; a picture, not a test
                browser.save_screenshot(str(out / f"{file}.png"))
                print(f"{file}: {out / f'{file}.png'}")
        finally:
            browser.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
