# SPDX-License-Identifier: EUPL-1.2
"""How does a served opentenzij hold up under many clients at once?

Starts `opentenzij serve` on loopback (the demo catalogue, on SQLite or PostgreSQL, with one or
more workers), then runs rounds of a fixed number of requests from CLIENTS concurrent clients:
a mix of HTML list and search pages, API lists and searches, and exports. Each round ends when
its requests are done (it stops by itself; nothing runs for a set time). Prints per round the
throughput, p50 and p99 latency, errors (any status >= 500 or a failed connection), and the
resident memory of the server's processes, so that memory growth over rounds shows.

    .venv/bin/python bench/load.py [--clients 50] [--requests 1000] [--rounds 3] [--workers 1]
                                   [--database-url postgres://...] [--command PATH]

`--command` names the opentenzij to serve with (another checkout's, to measure before and after
a change side by side); its database is prepared with the same command.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

MIX = (  # (path, weight): what a busy day looks like, pages and API
    ("/software", 3),
    ("/software?q=zaak", 2),
    ("/api/v1/software", 3),
    ("/api/v1/software?q=data", 2),
    ("/api/v1/organisations", 1),
    ("/register", 1),
    ("/api/v1/decisions", 1),
    ("/api/v1/export/software.csv", 1),
    ("/api/v1/export/code.json", 1),
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare(command: str, env: dict[str, str], folder: Path) -> None:
    for arguments in (("db", "upgrade"), ("demo",)):
        subprocess.run([command, *arguments], env=env, cwd=folder, check=True, capture_output=True)


def serve(
    command: str, env: dict[str, str], folder: Path, workers: int
) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    process = subprocess.Popen(
        [command, "serve", "--port", str(port), "--workers", str(workers), "--no-upgrade"],
        env=env,
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    output = []
    for line in process.stdout:
        output.append(line)
        if "Application startup complete" in line:
            workers -= 1
            if workers == 0:
                break
    if process.poll() is not None:
        raise SystemExit("".join(output))
    threading.Thread(target=process.stdout.read, daemon=True).start()  # keep the pipe drained
    return process, f"http://127.0.0.1:{port}"


def memory_kib(pid: int) -> int:
    """Resident memory of a process and its children (the workers), in KiB."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for each in pids:
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


class Connection:
    """One keep-alive HTTP/1.1 connection that sends GETs and reads each whole answer (by its
    Content-Length, or chunked), and nothing more. The load generator shares the machine's
    two cores with the server: httpx's own work per request (a pool, models, decoding) added
    its share of a core and its event loop's delays to what was measured."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def get(self, path: str) -> int:
        """The status of a GET of `path`, its body read whole."""
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            "Accept-Encoding: gzip\r\n\r\n".encode()
        )
        status = int((await reader.readline()).split()[1])
        length, chunked, close = 0, False, False
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            chunked |= name == "transfer-encoding" and "chunked" in value
            close |= name == "connection" and value == "close"
        if chunked:
            while size := int((await reader.readline()).split(b";")[0], 16):
                await reader.readexactly(size + 2)
            await reader.readexactly(2)  # the empty line after the last chunk
        else:
            await reader.readexactly(length)
        if close:
            self.close()
        return status

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


async def one_round(
    base: str,
    clients: int,
    requests: int,
    by_path: dict[str, list[float]] | None = None,
    slowest: list[tuple[float, float, str]] | None = None,
) -> tuple[list[float], int, float]:
    paths = [path for path, weight in MIX for _ in range(weight)]
    queue = [paths[n % len(paths)] for n in range(requests)]
    latencies: list[float] = []
    errors = 0
    by_path = {} if by_path is None else by_path
    host, port = base.removeprefix("http://").split(":")

    async def client() -> None:
        nonlocal errors
        connection = Connection(host, int(port))
        try:
            while queue:
                path = queue.pop()
                started = time.perf_counter()
                try:
                    errors += await connection.get(path) >= 500
                except (OSError, ValueError, IndexError, asyncio.IncompleteReadError):
                    errors += 1
                    connection.close()
                latencies.append(time.perf_counter() - started)
                by_path.setdefault(path, []).append(latencies[-1])
                if slowest is not None:
                    slowest.append((latencies[-1], started - began, path))
        finally:
            connection.close()

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    elapsed = time.perf_counter() - began
    return latencies, errors, elapsed


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--database-url", default="")
    parser.add_argument(
        "--command",
        default=shutil.which("opentenzij") or str(Path(sys.executable).parent / "opentenzij"),
    )
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="opentenzij-load-"))
    url = options.database_url or f"sqlite://{folder}/load.sqlite3"
    env = {
        **os.environ,
        "OPENTENZIJ_DATABASE_URL": url,
        "OPENTENZIJ_WEBHOOKS_WORKER": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("OPENTENZIJ_ENV", None)
    prepare(options.command, env, folder)
    process, base = serve(options.command, env, folder, options.workers)
    kind = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    size = f"{options.clients} clients, {options.requests} requests a round"
    print(f"{kind}, {options.workers} worker(s), {size}")
    first: dict[str, list[float]] = {}
    by_path: dict[str, list[float]] = {}
    try:
        for number in range(1, options.rounds + 1):
            by_path = first if number == 1 else {}
            slowest: list[tuple[float, float, str]] = []
            latencies, errors, elapsed = asyncio.run(
                one_round(
                    base,
                    options.clients,
                    options.requests,
                    by_path,
                    slowest,
                )
            )
            print(
                f"round {number}: {len(latencies) / elapsed:7.1f} req/s  "
                f"p50 {percentile(latencies, 0.50) * 1000:7.1f} ms  "
                f"p99 {percentile(latencies, 0.99) * 1000:7.1f} ms  "
                f"mean {statistics.fmean(latencies) * 1000:7.1f} ms  errors {errors}  "
                f"memory {memory_kib(process.pid) / 1024:6.1f} MiB"
            )
            print("  its slowest requests (latency, sent at, path):")
            for latency, sent, path in sorted(slowest, reverse=True)[:5]:
                print(f"    {latency * 1000:7.1f} ms  at {sent:5.2f} s  {path}")
        # The first round meets a worker just started; the last, one that has served a while.
        for name, rounds in (("first", first), ("last", by_path)):
            print(f"{name} round per path:")
            for path, times in rounds.items():
                print(
                    f"  {path:<32} p50 {percentile(times, 0.5) * 1000:7.1f} ms  "
                    f"p99 {percentile(times, 0.99) * 1000:7.1f} ms"
                )
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
