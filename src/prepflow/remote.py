"""Pages read over HTTP(S): fetched within a deadline, checked whole, and looked at again later.

:meth:`prepflow.StepContext.read_url` fetches through :func:`fetch`, which never takes longer
than its ``timeout`` in all (a server that sends one byte every few seconds is cut off), refuses
a body shorter than its ``Content-Length`` or longer than the size limit, and turns every way a
server can misbehave (a garbled status line, hundreds of headers, a 64 KB header line) into one
line that never repeats the server's bytes.

A step that read a page is reused like one that read a file, as long as the page is the same:
a page fetched more than ``PREPFLOW_URL_TTL`` seconds ago (default 600) is fetched again when a
run or ``prepflow plan`` decides, and compared by digest (:func:`unchanged`); when it differs,
the step runs again and ``plan`` says ``input https://... changed``. Offline, the copy the step
read is used.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from typing import Any

from prepflow.errors import StepError

#: Seconds a fetched page is taken as unchanged before it is fetched again to compare.
DEFAULT_TTL = 600.0
_USER_AGENT = "prepflow (interview prep; one page)"


def _phrase(code: int) -> str:
    """The standard reason phrase of an HTTP status ("Not Found"), or "" for a code it lacks."""
    from http import HTTPStatus

    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return ""


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


class _Deadline:
    """Shuts the connection's socket when the time is up, so a blocked read returns at once."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self.sockets: list[Any] = []
        self.lock = threading.Lock()
        self.timer = threading.Timer(seconds, self._expire)
        self.timer.daemon = True

    def left(self) -> float:
        return max(self.end - time.monotonic(), 0.001)

    def watch(self, sock: Any) -> None:
        with self.lock:
            if self.expired:
                _shut(sock)
            else:
                self.sockets.append(sock)

    def _expire(self) -> None:
        with self.lock:
            self.expired = True
            for sock in self.sockets:
                _shut(sock)


def _shut(sock: Any) -> None:
    import socket

    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _opener(deadline: _Deadline) -> Any:
    """A urllib opener whose connections are cut when ``deadline`` passes (proxies and
    redirects handled as urllib does)."""
    import http.client
    import urllib.request

    class Connection(http.client.HTTPConnection):
        def connect(self) -> None:
            self.timeout = deadline.left()
            super().connect()
            deadline.watch(self.sock)

    class SecureConnection(http.client.HTTPSConnection):
        def connect(self) -> None:
            self.timeout = deadline.left()
            super().connect()
            deadline.watch(self.sock)

    class Handler(urllib.request.HTTPHandler):
        def http_open(self, req: Any) -> Any:
            return self.do_open(Connection, req)

    class SecureHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: Any) -> Any:
            return self.do_open(SecureConnection, req)

    return urllib.request.build_opener(Handler, SecureHandler)


def fetch(url: str, *, limit: int, timeout: float) -> tuple[bytes, str]:
    """The body of ``url`` and its content type (lower case), all within ``timeout`` seconds;
    a :class:`StepError` naming the URL otherwise."""
    import http.client
    import socket
    import urllib.error
    import urllib.request

    advice = "save the page and give the file instead"
    late = StepError(f"{url}: no complete answer within {timeout:g}s; {advice}")
    deadline = _Deadline(timeout)
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT, "Accept": "*/*"})
    deadline.timer.start()
    try:
        with _opener(deadline).open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            declared = int(length) if length and length.strip().isdigit() else None
            if declared is not None and declared > limit:
                raise StepError(
                    f"{url}: the page is {_size(declared)}, over the {_size(limit)} limit (max_bytes)"
                )
            chunks: list[bytes] = []
            got = 0
            while got <= limit:
                chunk = response.read(min(65536, limit + 1 - got))
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
            data = b"".join(chunks)
            content_type = str(response.headers.get("Content-Type", "") or "")
    except StepError:
        raise
    except urllib.error.HTTPError as e:
        raise StepError(f"{url}: the server answered HTTP {e.code} {_phrase(e.code)}".rstrip()) from None
    except (http.client.HTTPException, urllib.error.URLError, OSError, ValueError) as e:
        if deadline.expired:
            raise late from None
        reason = getattr(e, "reason", e)
        if isinstance(reason, TimeoutError | socket.timeout):
            raise late from None
        if isinstance(e, http.client.IncompleteRead):
            raise StepError(f"{url}: the connection broke before the whole page came; try again") from None
        if isinstance(e, http.client.HTTPException):  # its message holds the server's raw bytes
            raise StepError(
                f"{url}: the server's answer is not valid HTTP ({type(e).__name__}); {advice}"
            ) from None
        if isinstance(e, urllib.error.URLError) or isinstance(reason, ConnectionError | socket.gaierror):
            raise StepError(
                f"{url}: could not connect; are you offline? {advice[0].upper()}{advice[1:]}"
            ) from None
        raise StepError(f"{url}: could not fetch it ({type(reason).__name__}); {advice}") from None
    finally:
        deadline.timer.cancel()
    if deadline.expired:
        raise late
    if len(data) > limit:
        raise StepError(f"{url}: the page is over the {_size(limit)} limit (max_bytes)")
    if declared is not None and len(data) < declared:
        raise StepError(
            f"{url}: the server sent {len(data):,} of the {declared:,} bytes it announced "
            "(the connection broke); try again"
        )
    return data, content_type.lower()


def ttl() -> float:
    try:
        return float(os.environ.get("PREPFLOW_URL_TTL", DEFAULT_TTL))
    except ValueError:
        return DEFAULT_TTL


#: (url, digest) -> whether the page still has that digest, for this process (a run or a
#: ``plan`` asks once per page, however many steps read it).
_checked: dict[tuple[str, str], bool] = {}
_checked_lock = threading.Lock()


def unchanged(url: str, signature: tuple[int, int, str], *, limit: int = 50 * 1024 * 1024) -> bool:
    """Whether the page at ``url`` still has the content a step read (``signature``: its size,
    when it was fetched in ns since the epoch, its sha256): yes within the TTL and when it
    cannot be fetched (offline), else fetched again and compared."""
    _, fetched_ns, sha = signature
    if time.time_ns() - fetched_ns < ttl() * 1e9:
        return True
    key = (url, sha)
    with _checked_lock:
        known = _checked.get(key)
    if known is not None:
        return known
    try:
        data, _ = fetch(url, limit=limit, timeout=20.0)
        same = hashlib.sha256(data).hexdigest() == sha
    except StepError:
        same = True  # offline or failing: keep the copy the step read
    with _checked_lock:
        _checked[key] = same
    return same
