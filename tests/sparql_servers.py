"""Start real SPARQL servers for tests and benchmarks: ``oxigraph serve`` and Virtuoso.

Each starter returns a :class:`Server` with the endpoint URLs; ``stop()`` kills the
process it started (by its own pid) and nothing else.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt") or shutil.which("isql")


@dataclass
class Server:
    """A running SPARQL server started by a test."""

    process: subprocess.Popen
    query_url: str
    update_url: str
    gsp_url: str | None
    log: Path

    def stop(self) -> None:
        """Kill the server process (and its process group) and wait for it."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def store_spec(self) -> str:
        """The ``SZKG_STORE`` value for this server."""
        return "sparql:" + ",".join(u for u in (self.query_url, self.update_url, self.gsp_url) if u)


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(server: Server, probe: str, timeout_s: float) -> Server:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            if httpx.get(probe, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"SPARQL server did not come up; log: {server.log.read_text(errors='replace')[-2000:]}")


def _spawn(command: list[str], log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def start_oxigraph(directory: Path, timeout_s: float = 30) -> Server:
    """``oxigraph serve`` on a free port with its data in ``directory``."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    port = free_port()
    log = directory / "oxigraph.log"
    process = _spawn([binary, "serve", "--location", str(directory / "db"), "--bind", f"127.0.0.1:{port}"], log)
    url = f"http://127.0.0.1:{port}"
    server = Server(process, f"{url}/query", f"{url}/update", f"{url}/store", log)
    return _wait_until_up(server, server.query_url, timeout_s)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = {sql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = {http_port}
ServerRoot = {dir}
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
"""


def start_virtuoso(directory: Path, timeout_s: float = 60) -> Server:
    """Virtuoso on free ports, data in ``directory``, SPARQL updates allowed at /sparql."""
    if not VIRTUOSO or not ISQL:
        raise RuntimeError("virtuoso-t / isql-vt not installed (Debian package virtuoso-opensource)")
    sql_port, http_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=directory, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    process = _spawn([VIRTUOSO, "+foreground", "+configfile", str(ini)], directory / "stdout.log")
    url = f"http://127.0.0.1:{http_port}/sparql"
    server = _wait_until_up(Server(process, url, url, None, directory / "stdout.log"), url, timeout_s)
    grant = subprocess.run([ISQL, str(sql_port), "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                           capture_output=True, text=True, timeout=30)
    if grant.returncode != 0:
        server.stop()
        raise RuntimeError(f"cannot grant SPARQL_UPDATE: {grant.stdout}{grant.stderr}")
    return server
