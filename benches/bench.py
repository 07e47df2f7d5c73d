#!/usr/bin/env python3
"""The ktpl benchmark's measuring half: paired, interleaved rounds of the floor, ktpl and
the two peers (ajv-cli, check-jsonschema) on one corpus, then medians, min-max and the
issue's ratios. Called by benches/run.sh, which builds and installs everything first.
Standard library only.

Each round runs every command once, in an order rotated from round to round, so a burst
of load from elsewhere on the machine lands on different commands each time. A ratio is
taken within a round (paired), then summarised over the rounds. CPU time is the child's
own (`wait4`), not the machine's. Peak memory is measured once per command, after the
rounds, by GNU time (`/usr/bin/time -f %M`): a child started by Python would report
Python's own resident size as its peak (Linux carries the high-water mark of the
process that started it across `exec`), which hid every figure below about 19 MB.
"""
import argparse
import glob
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time


def run(argv, env=None, capture=False):
    """Runs argv; returns (wall s, cpu s, exit code, stdout+stderr or None)."""
    out = subprocess.PIPE if capture else subprocess.DEVNULL
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT if capture else subprocess.DEVNULL,
                             stdin=subprocess.DEVNULL, env=env)
    text = child.stdout.read().decode("utf-8", "replace") if capture else None
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, child.returncode, text


def peak_kb(argv, env=None):
    """Peak resident memory of one run of argv in KB, from GNU time; None without it."""
    if not os.path.exists("/usr/bin/time"):
        return None
    with tempfile.NamedTemporaryFile("r", suffix=".time") as log:
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", log.name] + argv, env=env,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # GNU time writes "Command exited with non-zero status 1" first: the figure is last.
        lines = log.read().split()
        return int(lines[-1]) if lines else None


def stats(values):
    return statistics.median(values), min(values), max(values)


def fmt_range(values, scale=1.0, digits=3):
    med, lo, hi = stats(values)
    return f"{med * scale:.{digits}f} ({lo * scale:.{digits}f}-{hi * scale:.{digits}f})"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ktpl", required=True)
    ap.add_argument("--floor", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--schemas", required=True, help="ktpl's schemas/ (for ajv)")
    ap.add_argument("--file-schemas", required=True, help="the same schemas with file: $ids (for check-jsonschema)")
    ap.add_argument("--ajv", required=True)
    ap.add_argument("--check-jsonschema", required=True)
    ap.add_argument("--small-ktpl", required=True)
    ap.add_argument("--small-json", required=True)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--small-rounds", type=int, default=30)
    ap.add_argument("--no-peers", action="store_true", help="only the floor and ktpl")
    args = ap.parse_args()

    json_dir = os.path.join(args.corpus, "json")
    ktpl_dir = os.path.join(args.corpus, "ktpl")
    json_files = sorted(glob.glob(os.path.join(json_dir, "*.json")))
    n = len(json_files)
    one_thread = dict(os.environ, RAYON_NUM_THREADS="1")
    ajv = [args.ajv, "validate", "--spec=draft2020", "-c", "ajv-formats", "--errors=line",
           "-s", os.path.join(args.schemas, "template.json"),
           "-r", os.path.join(args.schemas, "templates", "*.json"),
           "-r", os.path.join(args.schemas, "objects", "*.json")]
    cjs = [args.check_jsonschema, "--schemafile", os.path.join(args.file_schemas, "template.json")]

    big = {
        "floor": ([args.floor, json_dir], None),
        "json": ([args.ktpl, "check", "--format", "json", json_dir], None),
        "ktpl": ([args.ktpl, "check", "--format", "json", ktpl_dir], None),
        "json 1 thread": ([args.ktpl, "check", "--format", "json", json_dir], one_thread),
    }
    small = {
        "small .ktpl": ([args.ktpl, "check", args.small_ktpl], None),
        "small .json": ([args.ktpl, "check", args.small_json], None),
    }
    if not args.no_peers:
        big["ajv-cli"] = (ajv + ["-d", os.path.join(json_dir, "*.json")], None)
        big["check-jsonschema"] = (cjs + json_files, None)
        small["small check-jsonschema"] = (cjs + [args.small_json], None)

    # Before timing: every tool finds the same invalid files (else they measure
    # different work), and nothing fails for a reason other than invalid templates.
    print("== preflight: invalid files per tool")
    _, _, code, text = run(big["floor"][0], capture=True)
    print(f"  floor: {text.strip()}")
    _, _, code, text = run(big["json"][0], capture=True)
    import json as json_module
    report = json_module.loads(text)
    # {"version": 1, "findings": [...]}; a bare list from builds before it (KTPL_BIN).
    findings = report["findings"] if isinstance(report, dict) else report
    with_errors = {f["file"] for f in findings if f.get("severity") == "error"}
    print(f"  ktpl (json): {len(with_errors)} files with errors, {len(findings)} findings, exit {code}")
    if not args.no_peers:
        _, _, code, text = run(big["ajv-cli"][0], capture=True)
        invalid = sum(1 for line in text.splitlines() if line.endswith(" invalid"))
        print(f"  ajv-cli: {invalid} invalid, exit {code}")
        _, _, code, text = run(big["check-jsonschema"][0], capture=True)
        files = {line.split("::", 1)[0].strip() for line in text.splitlines() if "::$" in line}
        print(f"  check-jsonschema: {len(files)} invalid, exit {code}")
        if "Traceback" in text or "Failure resolving" in text:
            sys.exit("check-jsonschema failed:\n" + text[-2000:])

    results = {name: [] for name in list(big) + list(small)}
    names = list(big)
    print(f"== {args.rounds} rounds of {', '.join(names)}")
    for r in range(args.rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            argv, env = big[name]
            results[name].append(run(argv, env))
    names = list(small)
    print(f"== {args.small_rounds} rounds of {', '.join(names)}")
    for r in range(args.small_rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            argv, env = small[name]
            results[name].append(run(argv, env))

    commands = dict(big, **small)
    peaks = {name: peak_kb(*commands[name]) for name in results}

    print()
    print(f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}; "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} at the end")
    print(f"corpus: {n} templates\n")
    print(f"{'run':<24}{'wall ms median (min-max)':>30}{'CPU ms median (min-max)':>30}{'peak MB':>9}")
    for name, rows in results.items():
        if not rows:
            continue
        walls = [r[0] for r in rows]
        cpus = [r[1] for r in rows]
        peak = "-" if peaks[name] is None else f"{peaks[name] / 1024:.1f}"
        print(f"{name:<24}{fmt_range(walls, 1000, 1):>30}{fmt_range(cpus, 1000, 1):>30}{peak:>9}")

    def paired(a, b, field):
        return [x[field] / y[field] for x, y in zip(results[a], results[b]) if y[field] > 0]

    WALL, CPU = 0, 1
    rows = [
        ("JSON CPU / floor CPU", paired("json", "floor", CPU), 1.25),
        ("JSON wall / floor wall", paired("json", "floor", WALL), None),
        (".ktpl CPU / JSON CPU", paired("ktpl", "json", CPU), 1.3),
        (".ktpl wall / JSON wall", paired("ktpl", "json", WALL), None),
    ]
    if not args.no_peers:
        rows += [
            ("1 thread / ajv-cli (wall)", paired("json 1 thread", "ajv-cli", WALL), 0.25),
            ("all cores / check-jsonschema (wall)", paired("json", "check-jsonschema", WALL), 0.033),
            ("small file / check-jsonschema (wall)", paired("small .ktpl", "small check-jsonschema", WALL), 0.012),
        ]
    print()
    print(f"{'ratio (paired per round)':<40}{'median':>8}{'min-max':>16}{'target':>9}")
    for label, values, target in rows:
        med, lo, hi = stats(values)
        verdict = "" if target is None else ("met" if med <= target else "NOT met")
        shown = "" if target is None else f"<= {target}"
        print(f"{label:<40}{med:>8.3f}{f'{lo:.3f}-{hi:.3f}':>16}{shown:>9}  {verdict}")
    small_ms = statistics.median(r[0] for r in results["small .ktpl"]) * 1000
    print(f"{'one small .ktpl file, wall ms':<40}{small_ms:>8.2f}{'':>16}{'< 3':>9}  {'met' if small_ms < 3 else 'NOT met'}")


if __name__ == "__main__":
    main()
