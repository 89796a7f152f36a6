"""Where the bytes come from when the source is an http(s) URL: fetched with a timeout and a size cap."""

from __future__ import annotations

from prepflow_plugins.documents.detect import _err, _size

import prepflow


def _fetch(url: str, limit: int, timeout: float) -> tuple[bytes, str]:
    import socket
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        url, headers={"User-Agent": "prepflow (interview prep; one page)", "Accept": "*/*"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                raise _err(
                    url, f"the page is {_size(int(length))}, over the {_size(limit)} limit (max_bytes)"
                )
            data = response.read(limit + 1)
            content_type = response.headers.get("Content-Type", "") or ""
    except prepflow.StepError:
        raise
    except urllib.error.HTTPError as e:
        raise _err(url, f"the server answered HTTP {e.code} {e.reason}") from None
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            raise _err(
                url, f"no answer within {timeout:g}s; save the page and give the file instead"
            ) from None
        raise _err(
            url, f"could not connect ({reason}); are you offline? Save the page and give the file instead"
        ) from None
    except TimeoutError:
        raise _err(url, f"no answer within {timeout:g}s; save the page and give the file instead") from None
    except (OSError, ValueError) as e:
        raise _err(url, f"could not fetch it ({e}); save the page and give the file instead") from None
    if len(data) > limit:
        raise _err(url, f"the page is over the {_size(limit)} limit (max_bytes)")
    return data, content_type.lower()
