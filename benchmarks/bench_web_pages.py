"""The cohort explorer page on a large registry: time to render it, over real HTTP.

A temporary SQLite registry gets the shipped cohort and N invented patients
(``synthetic_patients.py``: made up, no clinical fact) imported by ``imnm case add`` as a user
would, and a researcher account. The app then runs on uvicorn on 127.0.0.1 and a signed-in client
asks for the explorer: all records (page 1), a filtered view (girls, anti-SRP positive, onset 5-15
years), a deep page, and the Table 1 CSV download. Each figure is the median (and the slowest) of
``--repeats`` requests after one warm-up, measured from request to the last byte of the response.
The explorer (``services.cohort.explore``) keeps each summary until the next write to the registry: "cold" empties that cache
before every request (the first visit after a change), "warm" does not (the same view again).

    .venv/bin/python benchmarks/bench_web_pages.py --patients 10000 --repeats 20
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
IMNM = str(Path(sys.executable).with_name("imnm"))
PASSWORD = "benchmark password"
BUDGET_MS = 300.0

VIEWS = {
    "explorer, all records, page 1": "/cohort",
    "explorer, F + anti-SRP + onset 5-15 y": "/cohort?sex=F&antibody=srp&age_min=5&age_max=15",
    "explorer, all records, page 150": "/cohort?page=150",
    "explorer, outcome remission, local only": "/cohort?outcome=remission&source=local",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _prepare(folder: Path, patients: int) -> str:
    url = f"sqlite:///{folder / 'registry.sqlite3'}"
    data = folder / "patients.json"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synthetic_patients.py"), str(data),
                    "--patients", str(patients), "--seed", "1"], check=True)
    started = time.perf_counter()
    subprocess.run([IMNM, "case", "add", str(data)], check=True, stdout=subprocess.DEVNULL,
                   env={"IMNM_DATABASE_URL": url, "PATH": ""})
    print(f"imported {patients} patients with 'imnm case add' in {time.perf_counter() - started:.1f} s")
    return url


def _serve(url: str):
    import uvicorn

    from imnm.services.accounts import add_user
    from imnm.services.audit import Actor
    from imnm.store import open_registry
    from imnm.web.app import create_app
    from imnm.web.settings import Settings

    add_user(open_registry(url), "researcher", "researcher", PASSWORD, actor=Actor("benchmark"))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(database_url=url)), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def _time(client: httpx.Client, path: str, repeats: int, cold: bool) -> tuple[float, float, int]:
    from imnm.services import cohort

    client.get(path).raise_for_status()  # warm-up (imports, first connection)
    times = []
    size = 0
    for _ in range(repeats):
        if cold:
            cohort._EXPLORED.clear()
        started = time.perf_counter()
        reply = client.get(path)
        reply.raise_for_status()
        times.append(1000 * (time.perf_counter() - started))
        size = len(reply.content)
    return statistics.median(times), max(times), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = _prepare(Path(tmp), args.patients)
        server, base = _serve(url)
        with httpx.Client(base_url=base, timeout=60) as client:
            client.post("/api/login", json={"name": "researcher", "password": PASSWORD}).raise_for_status()
            print(f"\n{args.patients} invented patients + the shipped cohort; median and slowest of "
                  f"{args.repeats} requests (budget {BUDGET_MS:.0f} ms)\n")
            print("| view | cold median ms | cold slowest ms | warm median ms | page KiB |\n|---|---:|---:|---:|---:|")
            slow = []
            for label, path in {**VIEWS, "Table 1 CSV download, F + anti-SRP": "/cohort/download/table1.csv"
                                "?sex=F&antibody=srp"}.items():
                median, worst, size = _time(client, path, args.repeats, cold=True)
                warm, _, _ = _time(client, path, args.repeats, cold=False)
                print(f"| {label} | {median:.0f} | {worst:.0f} | {warm:.0f} | {size / 1024:.0f} |")
                if path in VIEWS.values() and median > BUDGET_MS:
                    slow.append(label)
        server.should_exit = True
    if slow:
        sys.exit(f"over the {BUDGET_MS:.0f} ms budget: {', '.join(slow)}")


if __name__ == "__main__":
    main()
