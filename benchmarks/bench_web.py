"""Request rate of the bedside assessment endpoint against a bare FastAPI hello-world, served the same way.

Two uvicorn servers run as separate processes on 127.0.0.1 with the same number of workers: the imnm
app on a temporary SQLite registry (migrated, seeded, one clinician account), and a FastAPI app with a
single ``GET /hello`` returning a small JSON object. ``wrk`` (Debian package ``wrk``) then loads one
server at a time, from its own process, for a fixed duration with a fixed number of connections:
``POST /api/assess`` with the letter's patient (``examples/index_case.json``) signed in as the
clinician (session cookie and CSRF header, as a browser sends them); the same with a different weight
in every request (so every request is assessed anew: the service keeps the documents of recent cases);
then ``GET /hello``. Reported: requests/s, p50 and p99 latency of each, and the ratios to hello-world;
with ``--runs N`` the three loads are repeated N times against the same two servers and each figure is
the median of the N runs. These are whole-process measurements: HTTP parsing, the session check, the
validation of the posted case, the assessment, the JSON document and the socket writes, all in one
uvicorn process per server.

Targets (issue 17): the assessment reaches at least half the hello-world request rate, p99 under 50 ms.
The verdict is given for both assessment lines; the exit status is 0 only when both meet the targets
(the index case alone is answered from the service's memo after its first request).

    .venv/bin/python benchmarks/bench_web.py --duration 5 --connections 8 --workers 1 --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "benchmark password"
MIN_RATIO = 0.5
MAX_P99_MS = 50.0


def hello_app():
    """The baseline: FastAPI with one endpoint and nothing else (uvicorn factory)."""
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/hello")
    def hello() -> dict:
        return {"hello": "world"}

    return app


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _uvicorn(app: str, port: int, workers: int, env: dict, app_dir: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "uvicorn", app, "--factory", "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(workers), "--log-level", "warning", "--no-access-log", "--app-dir", str(app_dir)],
        env=env)


def _wait(base: str, path: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + path, timeout=1.0).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{base}{path} did not answer within {timeout:.0f} s")


_UNITS_MS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS_MS[unit]


def _wrk(url: str, duration: int, connections: int, script: Path | None) -> dict:
    """One wrk run (one thread: the load generator keeps off the second core as far as it can)."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", url]
    if script is not None:
        command[1:1] = ["-s", str(script)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses under load:\n{out}")
    return {"requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50_ms": _ms(re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1)),
            "p99_ms": _ms(re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1)),
            "requests": int(re.search(r"(\d+) requests in", out).group(1))}


def _lua(body: str, cookie: str, csrf: str, *, distinct: bool, run: int = 0) -> str:
    """The signed-in POST; ``distinct``: each request's weight differs (20.001, 20.002, ... kg, plus
    ``run`` x 0.0001 kg so that no run repeats an earlier one's), so no two requests are the same case
    and the assessment is computed for every one."""
    script = (f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}\n'
              'wrk.headers["Content-Type"] = "application/json"\n'
              f'wrk.headers["Cookie"] = "imnm_session={cookie}"\nwrk.headers["X-CSRF-Token"] = "{csrf}"\n')
    if distinct:
        script += ('local n = 0\nrequest = function()\n  n = n + 1\n'
                   f'  local b = string.gsub(wrk.body, {json.dumps(WEIGHT)}, '
                   f'\'"weight_kg": \' .. string.format("%.4f", 20 + (n % 100000) / 1000 + {run} / 10000) .. ",", 1)\n'
                   '  return wrk.format(nil, nil, nil, b)\nend\n')
    return script


WEIGHT = '"weight_kg": 52,'  # as examples/index_case.json writes it


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per endpoint")
    parser.add_argument("--connections", type=int, default=8, help="open connections wrk keeps busy")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers of each server")
    parser.add_argument("--runs", type=int, default=1, help="repeat the three loads; report the medians")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error(f"--runs: got {args.runs}; expected at least 1")
    if shutil.which("wrk") is None:
        print("wrk is needed: apt-get install -y wrk", file=sys.stderr)
        return 2

    from imnm.services.accounts import add_user
    from imnm.services.audit import Actor
    from imnm.store import open_registry

    body = (ROOT / "examples" / "index_case.json").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = f"sqlite:///{folder / 'registry.sqlite3'}"
        registry = open_registry(url)
        add_user(registry, "clinician", "clinician", PASSWORD, actor=Actor("benchmark"))
        registry.dispose()
        env = {**os.environ, "IMNM_DATABASE_URL": url, "IMNM_SECRET_KEY": "benchmark-" + "0" * 32}
        imnm_port, hello_port = _free_port(), _free_port()
        servers = [_uvicorn("imnm.web.app:create_app", imnm_port, args.workers, env, ROOT / "src"),
                   _uvicorn("bench_web:hello_app", hello_port, args.workers, env, ROOT / "benchmarks")]
        try:
            imnm, hello = f"http://127.0.0.1:{imnm_port}", f"http://127.0.0.1:{hello_port}"
            _wait(imnm, "/health")
            _wait(hello, "/hello")
            signed_in = httpx.post(imnm + "/api/login", json={"name": "clinician", "password": PASSWORD})
            signed_in.raise_for_status()
            cookie, csrf = signed_in.cookies["imnm_session"], signed_in.json()["csrf_token"]
            check = httpx.post(imnm + "/api/assess", content=body, headers={"Content-Type": "application/json",
                               "X-CSRF-Token": csrf}, cookies={"imnm_session": cookie})
            check.raise_for_status()
            if WEIGHT not in body:
                raise RuntimeError(f"examples/index_case.json no longer writes {WEIGHT!r}: update WEIGHT")
            same = folder / "same.lua"
            same.write_text(_lua(body, cookie, csrf, distinct=False), encoding="utf-8")
            distinct = [folder / f"distinct{run}.lua" for run in range(args.runs)]
            for run, script in enumerate(distinct):
                script.write_text(_lua(body, cookie, csrf, distinct=True, run=run), encoding="utf-8")
            _wrk(imnm + "/api/assess", 1, args.connections, same)  # warm-up (imports, first queries)
            _wrk(hello + "/hello", 1, args.connections, None)
            runs = []
            for run in range(args.runs):
                runs.append((_wrk(imnm + "/api/assess", args.duration, args.connections, same),
                             _wrk(imnm + "/api/assess", args.duration, args.connections, distinct[run]),
                             _wrk(hello + "/hello", args.duration, args.connections, None)))
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=30)
    assess, computed, baseline = (_median([run[i] for run in runs]) for i in range(3))
    print(f"wrk, 1 thread, {args.connections} connections, {args.duration} s each; uvicorn, {args.workers} "
          f"worker(s) per server; 127.0.0.1; median of {args.runs} run(s); load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'endpoint':<44} {'requests/s':>10} {'p50 ms':>7} {'p99 ms':>7} {'requests':>9}")
    rows = (("POST /api/assess, the index case", assess), ("POST /api/assess, a new weight each request", computed),
            ("GET /hello (bare FastAPI)", baseline))
    for name, r in rows:
        print(f"{name:<44} {r['requests_per_s']:>10.0f} {r['p50_ms']:>7.2f} {r['p99_ms']:>7.2f} {r['requests']:>9.0f}")
    if args.runs > 1:
        for i, run in enumerate(runs, 1):
            print(f"run {i}: " + ", ".join(f"{r['requests_per_s']:.0f}/s p99 {r['p99_ms']:.1f} ms" for r in run))
    verdicts = [_verdict(label, r, baseline) for label, r in (("index case (memo after the first request)", assess),
                                                             ("every request assessed anew", computed))]
    return 0 if all(verdicts) else 1


def _median(results: list[dict]) -> dict:
    return {key: statistics.median(r[key] for r in results) for key in results[0]}


def _verdict(label: str, r: dict, baseline: dict) -> bool:
    ratio = r["requests_per_s"] / baseline["requests_per_s"]
    met = ratio >= MIN_RATIO and r["p99_ms"] < MAX_P99_MS
    print(f"{label}: ratio to hello {ratio:.2f} (target >= {MIN_RATIO}), p99 {r['p99_ms']:.1f} ms "
          f"(target < {MAX_P99_MS:g} ms): {'met' if met else 'NOT met'}")
    return met


if __name__ == "__main__":
    sys.exit(main())
