"""Take a screenshot of every page into docs/screenshots/ (headless Chromium).

Run after `chainmap build`:  .venv/bin/python scripts/screenshots.py [--port 8060]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.chromium import start_chromium  # noqa: E402

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
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8060)
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    server = subprocess.Popen([sys.executable, "-m", "chainmap", "serve", "--port",
                               str(args.port)], cwd=ROOT)
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(base + "/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        browser = start_chromium(1440, 900)
        try:
            for name, path in PAGES.items():
                browser.get(base + path)
                time.sleep(4)
                browser.save_screenshot(str(out / f"{name}.png"))
                print(f"{name}: {out / f'{name}.png'}")
        finally:
            browser.quit()
    finally:
        server.terminate()
        server.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
