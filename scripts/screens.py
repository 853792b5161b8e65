"""Screenshots of the main pages for the README: `python scripts/screens.py [OUT_DIR]`.

Builds the demo province in a throw-away SQLite database, serves it on a free local
port, signs in as a throw-away administrator and saves full-page screenshots of the
phase review, the figure grid, the care models and the commendations at 1366 and 390
pixels wide (default OUT_DIR: docs/screens). Needs Debian's Chromium and Playwright,
as the browser tests do (CHROMIUM_PATH overrides /usr/bin/chromium).
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
WIDTHS = {"desktop": 1366, "phone": 390}
USERNAME = "screens"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def _wait(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer at {url}")


def _pages(env: dict) -> dict[str, str]:
    """The pages to shoot, by file name: the demo's gender-equality phase 2016–2020."""
    code = (
        "from programmes.models import Phase, Area;"
        "p = Phase.objects.get(programme__code='MH-BDG', name='2016–2020');"
        "a = Area.objects.filter(level='commune').order_by('code').first();"
        "print(p.pk, a.pk)"
    )
    phase, commune = _manage(env, "shell", "-c", code).split()[-2:]
    return {
        "phase": f"/phases/{phase}/",
        "grid": f"/admin/indicators/measurement/grid/?phase={phase}&area={commune}&year=2020",
        "care-models": "/care-models/",
        "commendations": "/commendations/",
    }


def main(out_dir: Path) -> None:
    from playwright.sync_api import sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{scratch}/screens.sqlite3",
            "DEBUG": "1",
        }
        password = secrets.token_urlsafe(12)
        _manage(env, "migrate", "--no-input")
        _manage(env, "load_demo")
        _manage(env, "grant_role", USERNAME, "provincial_officer", "--password", password)
        code = (
            "from django.contrib.auth import get_user_model;"
            f"get_user_model().objects.filter(username='{USERNAME}')"
            ".update(is_superuser=True, is_staff=True)"
        )
        _manage(env, "shell", "-c", code)
        pages = _pages(env)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait(f"{base}/login/")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
                )
                for device, width in WIDTHS.items():
                    page = browser.new_page(viewport={"width": width, "height": 900})
                    page.goto(f"{base}/login/")
                    page.fill("input[name=username]", USERNAME)
                    page.fill("input[name=password]", password)
                    page.click("section.sign-in form button[type=submit]")
                    page.wait_for_load_state("networkidle")
                    for name, path in pages.items():
                        page.goto(base + path)
                        page.wait_for_load_state("networkidle")
                        page.screenshot(path=str(out_dir / f"{name}-{device}.png"), full_page=True)
                    page.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screens")
