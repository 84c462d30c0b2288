"""HTTP-level guards around the Gradio server: on a read-only server Gradio's file-upload routes
answer 403, so nobody can store files on the host through them (no upload handler exists either);
logins are checked off the event loop, and a failed one is answered slowly."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.responses import PlainTextResponse

from .users import Logins

UPLOAD_ROUTES = ("/upload", "/process_recording")  # Gradio routes that store a posted file
FAILED_LOGIN_DELAY = 1.0  # seconds: slows password guessing down
READ_ONLY_MESSAGE = "this newsrag UI is read-only: adding articles is turned off"


class RefuseUploads:
    """ASGI middleware: POSTs to Gradio's upload routes get 403 with a one-line reason."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        path = scope.get("path", "").rstrip("/")
        if (scope["type"] == "http" and scope.get("method") == "POST"
                and path.endswith(UPLOAD_ROUTES)):
            await PlainTextResponse(READ_ONLY_MESSAGE, status_code=403)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def login_check(logins: Logins) -> Callable[[str, str], Awaitable[bool]]:
    """Gradio's `auth` callable: scrypt runs in a thread, so a login never stalls other users."""

    async def check(name: str, password: str) -> bool:
        ok = await asyncio.to_thread(logins.verify, name, password)
        if not ok:
            await asyncio.sleep(FAILED_LOGIN_DELAY)
        return ok

    return check
