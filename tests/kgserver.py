"""A real `kg serve` process on a free port, for the tests that talk to it."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, folder: Path, *options: str):
        self.folder = folder
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", str(folder), "--port", str(self.port), "--workers", "2", *options],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"kg serve stopped: {self.process.stdout.read()}")
            try:
                urllib.request.urlopen(f"{self.url}/sparql?query=ASK%7B%7D", timeout=2).read()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("kg serve did not answer in 60 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def request(self, path: str, data: bytes | None = None, method: str | None = None,
                headers: dict | None = None) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def query(self, sparql: str, accept: str | None = None, **extra) -> tuple[int, dict, bytes]:
        params = urllib.parse.urlencode({"query": sparql, **extra})
        return self.request(f"/sparql?{params}", headers={"Accept": accept} if accept else {})
