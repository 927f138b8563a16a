"""Hosts for the cluster test: network namespaces of our own making, or plain loopback.

`Namespaces` builds, with `ip` (root, CAP_NET_ADMIN), one bridge in this namespace (the services'
side: PostgreSQL through a TCP relay, Redis, the S3 server, the Twilio stand-in listen on its
address) and one network namespace per host, each joined to the bridge by a veth pair with its own
address and a default route through the bridge. A host's processes run under `ip netns exec`, so
they see only their own loopback and the bridge: a web host reaches the database over the network,
not over 127.0.0.1. `close()` removes every namespace, the bridge and the relay, also on failure.

`Loopback` is the same interface with every host on 127.0.0.1 (where namespaces cannot be made).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import threading


def namespaces_possible() -> str:
    """Why network namespaces cannot be made here, or '' when they can (probed with one that is removed)."""
    if shutil.which("ip") is None:
        return "the `ip` command is missing"
    name = f"tte-probe-{os.getpid()}"
    try:
        made = subprocess.run(["ip", "netns", "add", name], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"ip netns add failed: {exc}"
    if made.returncode != 0:
        return (made.stderr.strip() or "ip netns add failed") + " (no CAP_NET_ADMIN?)"
    subprocess.run(["ip", "netns", "delete", name], capture_output=True, timeout=10)
    return ""


class Loopback:
    mode = "loopback"
    services_address = "127.0.0.1"

    def address(self, host: str) -> str:
        return "127.0.0.1"

    def command(self, host: str, args: list[str]) -> list[str]:
        return args

    def relay(self, target_port: int) -> int:
        """The port the hosts use to reach a service of this machine listening on 127.0.0.1."""
        return target_port

    def close(self) -> None:
        pass


class Namespaces:
    mode = "network namespaces"

    def __init__(self, hosts: list[str]):
        tag = os.getpid() % 100000
        self.subnet = f"10.213.{os.getpid() % 250}"
        self.services_address = f"{self.subnet}.1"
        self.bridge = f"tteb{tag}"
        self.names = {host: f"tte{tag}-{host}" for host in hosts}
        self.addresses = {host: f"{self.subnet}.{10 + i}" for i, host in enumerate(hosts)}
        self._made: list[list[str]] = []  # undo commands, in reverse order of making
        self._relays: list[socket.socket] = []
        try:
            self._build(hosts)
        except Exception:
            self.close()
            raise

    def _ip(self, *args: str) -> None:
        done = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=20)
        if done.returncode != 0:
            raise RuntimeError(f"ip {' '.join(args)}: {done.stderr.strip()}")

    def _build(self, hosts: list[str]) -> None:
        self._ip("link", "add", self.bridge, "type", "bridge")
        self._made.append(["link", "delete", self.bridge])
        self._ip("addr", "add", f"{self.services_address}/24", "dev", self.bridge)
        self._ip("link", "set", self.bridge, "up")
        for i, host in enumerate(hosts):
            ns, outside = self.names[host], f"{self.bridge}v{i}"
            self._ip("netns", "add", ns)
            self._made.append(["netns", "delete", ns])  # takes its end of the veth pair with it
            self._ip("link", "add", outside, "type", "veth", "peer", "name", "eth0", "netns", ns)
            self._ip("link", "set", outside, "master", self.bridge, "up")
            self._ip("-n", ns, "addr", "add", f"{self.addresses[host]}/24", "dev", "eth0")
            self._ip("-n", ns, "link", "set", "eth0", "up")
            self._ip("-n", ns, "link", "set", "lo", "up")
            self._ip("-n", ns, "route", "add", "default", "via", self.services_address)

    def address(self, host: str) -> str:
        return self.addresses[host]

    def command(self, host: str, args: list[str]) -> list[str]:
        return ["ip", "netns", "exec", self.names[host], *args]

    def relay(self, target_port: int) -> int:
        """A TCP relay on the bridge to a service that listens on this machine's loopback only
        (the machine's PostgreSQL); returns the relay's port on `services_address`."""
        listener = socket.create_server((self.services_address, 0))
        self._relays.append(listener)
        threading.Thread(target=_accept, args=(listener, target_port), daemon=True).start()
        return listener.getsockname()[1]

    def close(self) -> None:
        for listener in self._relays:
            with contextlib.suppress(OSError):
                listener.close()
        for undo in reversed(self._made):
            subprocess.run(["ip", *undo], capture_output=True, timeout=20)
        self._made.clear()


def _accept(listener: socket.socket, target_port: int) -> None:
    while True:
        try:
            client, _ = listener.accept()
        except OSError:
            return  # closed
        try:
            upstream = socket.create_connection(("127.0.0.1", target_port), timeout=10)
        except OSError:
            client.close()
            continue
        upstream.settimeout(None)
        threading.Thread(target=_splice, args=(client, upstream), daemon=True).start()


def _splice(client: socket.socket, upstream: socket.socket) -> None:
    back = threading.Thread(target=_pipe, args=(upstream, client), daemon=True)
    back.start()
    _pipe(client, upstream)
    back.join()
    for sock in (client, upstream):
        with contextlib.suppress(OSError):
            sock.close()


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    """Copy one direction until its end; then half-close the other side so it ends too."""
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    with contextlib.suppress(OSError):
        sink.shutdown(socket.SHUT_WR)
