"""A before/after markdown table from two bench/results.json files (for docs/performance.md).

    .venv/bin/python benchmarks/compare.py bench/before.json bench/results.json
"""

import json
import sys


def load(path):
    with open(path, encoding="utf-8") as file:
        report = json.load(file)
    return report, {(r["role"], r["path"]): r for r in report["results"]}


def main(before_path, after_path):
    before, rows_before = load(before_path)
    after, rows_after = load(after_path)
    print(f"before: {before['when']}, load average {before['load_average_before']} → {before['load_average_after']}; "
          f"after: {after['when']}, load average {after['load_average_before']} → {after['load_average_after']}\n")
    print("| role | path | p95 ms before | p95 ms after | req/s before | req/s after | × ceiling after | queries |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    ceiling = rows_after.get(("ceiling", "/__bench__/json"), {}).get("rps") or 0
    for key, row in rows_after.items():
        old = rows_before.get(key, {})
        ratio = f"{row['rps'] / ceiling:.2f}" if ceiling else ""
        queries = "" if row.get("queries") is None else f"{old.get('queries', '–')} → {row['queries']:g}"
        print(f"| {key[0].removeprefix('demo-')} | `{key[1]}` | {old.get('p95_ms', '–')} | {row['p95_ms']} | "
              f"{old.get('rps', '–')} | {row['rps']} | {ratio} | {queries} |")


if __name__ == "__main__":
    main(*sys.argv[1:3])
