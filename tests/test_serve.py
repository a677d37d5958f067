"""`make serve` serves on the port it is given, and a taken port gets one line."""

import os
import signal
import socket
import subprocess
import time
import urllib.request

from bs4 import BeautifulSoup
from conftest import ROOT, free_port

ENV = {**os.environ, "MAKEFLAGS": ""}


def test_a_taken_port_gets_one_line_not_a_traceback():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            ["make", "-s", "serve", f"PORT={port}"], cwd=ROOT, capture_output=True, text=True, timeout=120, env=ENV
        )
    assert done.returncode != 0
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip() and not line.startswith("make")]
    assert lines == [f"Port {port} is in use: stop what uses it, or pick another port, e.g. make serve PORT={port + 1}"]


def test_serve_uses_the_port_it_is_given():
    port = free_port()
    server = subprocess.Popen(
        ["make", "-s", "serve", f"PORT={port}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
        start_new_session=True,
    )
    try:
        deadline, page = time.monotonic() + 120, None
        while page is None and time.monotonic() < deadline and server.poll() is None:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/three-hats/", timeout=5).read().decode()
            except OSError:
                time.sleep(0.5)
        assert page is not None, f"nothing served on port {port}"
        assert "<h1" in page and "The three hats" in page
        # Links the site writes out in full (canonical, short links) name the port it is served on.
        canonical = BeautifulSoup(page, "html.parser").find("link", rel="canonical")
        assert canonical and canonical["href"] == f"http://127.0.0.1:{port}/three-hats/"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
