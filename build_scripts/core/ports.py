"""A preview's address taken: the one line both previews (MkDocs's and Zensical's) say, naming a free port."""

from __future__ import annotations

import socket


def busy(host: str, port: int) -> str:
    """The one line that says a preview's address is taken, naming the Makefile's way to another port."""
    other = next((p for p in range(port + 1, port + 100) if free(host, p)), port + 1)
    return (
        f"cannot serve on {host}:{port}: the port is in use (another preview?);"
        f" stop that or pick another port: make serve PORT={other}"
    )


def free(host: str, port: int) -> bool:
    """Whether a server may bind `host:port` now."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        # as MkDocs's server binds: a port left in TIME_WAIT by a preview just stopped is free
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True
