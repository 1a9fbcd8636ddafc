"""A live server in a thread and Debian's Chromium driven by Playwright."""
from __future__ import annotations

import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def login(browser, live_server):
    """Open a fresh browser context logged in as `username`."""
    contexts = []

    def _login(username: str, password: str = "secret-pw"):
        context = browser.new_context(locale="zh-CN")
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        # Pages say yes to every confirmation (data-confirm), unless a test answers them itself
        # (it sets page.answers_dialogs, as tests/e2e/test_confirmations.py does).
        page.on("dialog", lambda dialog, page=page: None if getattr(page, "answers_dialogs", False) else dialog.accept())
        page.goto(f"{live_server}/login")
        page.fill("#username", username)
        page.fill("#password", password)
        page.click("button[type=submit].primary")
        page.wait_for_url(f"{live_server}/")
        return page

    yield _login
    for context in contexts:
        context.close()
