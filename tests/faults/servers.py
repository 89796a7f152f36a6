"""A local web server that misbehaves on purpose, for URL inputs (``with.source = "http://..."``).

Each path is one misbehaviour; the server speaks raw bytes over a socket so that
it can break HTTP in ways a real server library would not let it.
"""

from __future__ import annotations

import itertools
import socket
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager

PAGE = (
    b"<html><head><title>Platform Engineer</title></head><body><h1>Platform Engineer</h1>"
    b"<h2>Requirements</h2><ul><li>5+ years of Python</li><li>Experience with PostgreSQL</li></ul>"
    b"</body></html>"
)
_COUNTER = itertools.count(1)


def _head(status: bytes = b"200 OK", length: int | None = None, extra: bytes = b"") -> bytes:
    size = len(PAGE) if length is None else length
    return (
        b"HTTP/1.1 " + status + b"\r\nContent-Type: text/html; charset=utf-8\r\n"
        b"Content-Length: %d\r\nConnection: close\r\n" % size + extra + b"\r\n"
    )


def _respond(path: str, connection: socket.socket, stop: threading.Event) -> None:
    send = connection.sendall
    if path == "/ok":
        send(_head() + PAGE)
    elif path == "/drip":  # one byte every half second: never idle long enough to time out
        send(_head(length=100_000))
        for byte in itertools.cycle(PAGE):
            if stop.wait(0.5):
                return
            send(bytes([byte]))
    elif path == "/short":  # promises more than it sends, then hangs up
        send(_head(length=len(PAGE) * 10) + PAGE)
    elif path == "/garbled":  # not a status line, with an escape sequence in it
        send(b"HTTQ/9.9 2OO \x1b]0;PWNED\x07\x1b[2J\r\n\r\n" + PAGE)
    elif path == "/many-headers":
        send(_head(extra=b"".join(b"X-Header-%d: %d\r\n" % (n, n) for n in range(150))) + PAGE)
    elif path == "/long-header":
        send(_head(extra=b"X-Long: " + b"a" * 70_000 + b"\r\n") + PAGE)
    elif path == "/changing":  # a new page on every request
        body = PAGE.replace(b"5+ years", b"%d+ years" % next(_COUNTER))
        send(_head(length=len(body)) + body)
    else:
        send(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True  # a dripping handler must not keep the test process waiting


@contextmanager
def serving() -> Iterator[str]:
    """The server, running in a thread; yields its base URL."""
    stop = threading.Event()

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            request = b""
            while b"\r\n\r\n" not in request and len(request) < 65536:
                chunk = self.request.recv(4096)
                if not chunk:
                    return
                request += chunk
            path = request.split(b" ", 2)[1].decode("ascii", "replace") if b" " in request else "/"
            try:
                _respond(path, self.request, stop)
            except OSError:
                pass  # the client gave up: what a prepflow with a deadline does

    server = _Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
