"""URL inputs served by a local server that misbehaves: a trickle, a short body, a garbled answer,
too many or too long headers; and a fetched page that changes between runs."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from prepflow.cli import cli

PAGE = (
    "<html><head><title>Warehouse Lead</title></head><body><main><h1>Warehouse Lead</h1>"
    "<ul><li>3 years leading a warehouse team</li><li>Forklift certification</li></ul></main></body></html>"
)
#: Bytes a misbehaving server sends; they must never reach the terminal.
GARBAGE = "\x1b]0;GARBAGE-TITLE\x07GARBAGE"


def _ok(body: bytes, extra: str = "") -> bytes:
    head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n{extra}\r\n"
    return head.encode() + body


class Server:
    """A one-answer-per-connection TCP server: ``answer(conn)`` writes whatever it likes."""

    def __init__(self, answer: Callable[[socket.socket], None]) -> None:
        self.answer = answer
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/job.html"
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)
                self.answer(conn)
            except OSError:
                pass

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


@pytest.fixture
def serve() -> Iterator[Callable[[Callable[[socket.socket], None]], str]]:
    servers: list[Server] = []

    def start(answer: Callable[[socket.socket], None]) -> str:
        servers.append(Server(answer))
        return servers[-1].url

    yield start
    for server in servers:
        server.close()


def fetch_error(url: str, *extra: str) -> str:
    result = CliRunner().invoke(cli, ["step", "run", "doc.load", "--with", f"source={url}", *extra])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "internal error" not in lines[0] and "Traceback" not in result.output
    assert "GARBAGE" not in result.output and "\x1b" not in result.output
    assert url in lines[0]
    return lines[0]


def test_a_trickling_server_is_cut_off_at_the_deadline(serve) -> None:
    def trickle(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
        for _ in range(200):  # one byte every 50 ms: each read is quick, the whole is not
            conn.sendall(b"x")
            time.sleep(0.05)

    line = fetch_error(serve(trickle), "--with", "timeout=0.5")
    assert "no complete answer within 0.5s" in line


def test_a_body_shorter_than_its_content_length_is_refused(serve) -> None:
    def short(conn: socket.socket) -> None:
        conn.sendall(_ok(PAGE.encode())[:-40])

    line = fetch_error(serve(short))
    assert "announced" in line or "before the whole page came" in line


@pytest.mark.parametrize(
    "answer",
    [
        f"HTTP/1.1 2OO {GARBAGE}\r\n\r\n".encode(),  # a garbled status line
        _ok(PAGE.encode(), "".join(f"X-Header-{i}: {GARBAGE}\r\n" for i in range(120))),  # >100 headers
        _ok(PAGE.encode(), f"X-Long: {GARBAGE}{'a' * 70_000}\r\n"),  # a 64 KB+ header line
    ],
    ids=["status", "headers", "long-header"],
)
def test_a_garbled_answer_is_one_line_without_the_servers_bytes(serve, answer: bytes) -> None:
    line = fetch_error(serve(lambda conn: conn.sendall(answer)))
    assert "not valid HTTP" in line


def test_an_error_status_does_not_echo_the_servers_reason(serve) -> None:
    answer = f"HTTP/1.1 404 {GARBAGE}\r\nContent-Length: 0\r\n\r\n".encode()
    line = fetch_error(serve(lambda conn: conn.sendall(answer)))
    assert "HTTP 404 Not Found" in line


def test_a_fetched_page_is_checked_again_and_plan_says_when_it_changed(
    serve, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = {"body": PAGE.encode()}
    url = serve(lambda conn: conn.sendall(_ok(page["body"])))
    plan = tmp_path / "plan.toml"
    plan.write_text(f'[plan]\nname = "x"\n\n[steps.job]\nuses = "doc.load"\nwith.source = "{url}"\n')
    runner = CliRunner()
    assert runner.invoke(cli, ["run", str(plan), "--quiet"]).exit_code == 0
    # within the TTL the copy is trusted: no request, the step is reused
    page["body"] = PAGE.replace("Forklift", "Crane").encode()
    assert "cached" in runner.invoke(cli, ["plan", str(plan)]).output
    monkeypatch.setenv("PREPFLOW_URL_TTL", "0")
    from prepflow import remote

    remote._checked.clear()
    shown = runner.invoke(cli, ["plan", str(plan)]).output
    assert f"input {url} changed" in shown
    result = runner.invoke(cli, ["run", str(plan), "--json"])
    assert result.exit_code == 0, result.output
    remote._checked.clear()
    assert "cached" in runner.invoke(cli, ["plan", str(plan)]).output  # the same page again: reused
