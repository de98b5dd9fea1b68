#!/usr/bin/env bash
# Mutation score of Core's Deployments/, Health/ and Access/ against tests/OpsBot.Core.Tests (Stryker.NET, per-test
# coverage, string-literal mutations ignored). Not part of CI: about an hour on the shared 2-core machine under load.
# Usage: bench/mutation.sh [extra dotnet-stryker options]
# Reports land in StrykerOutput/<timestamp>/reports (git-ignored); the summary below is read from the JSON report.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/tests/OpsBot.Core.Tests"   # run from the test project: the repo root holds OpsBot.sln
dotnet tool restore >/dev/null
out="$root/StrykerOutput/$(date +%Y-%m-%d.%H-%M-%S)"
start=$(date +%s)
dotnet stryker --config-file ../../bench/stryker-config.json --output "$out" --skip-version-check "$@"
end=$(date +%s)
report="$out/reports/mutation-report.json"
python3 - "$report" "$((end - start))" <<'PY'
import json, sys, collections
report = json.load(open(sys.argv[1]))
counts = collections.Counter()
per_folder = collections.defaultdict(collections.Counter)
for path, f in report["files"].items():
    folder = next((d for d in ("Deployments", "Health", "Access") if f"/{d}/" in path.replace("\\", "/")), "other")
    for m in f["mutants"]:
        counts[m["status"]] += 1
        per_folder[folder][m["status"]] += 1
def score(c):
    detected = c["Killed"] + c["Timeout"]
    valid = detected + c["Survived"] + c["NoCoverage"]
    return detected, valid, (100.0 * detected / valid if valid else 0.0)
for folder, c in sorted(per_folder.items()):
    d, v, s = score(c)
    if v == 0:
        continue
    print(f"  {folder:12} {d:4}/{v:<4} {s:5.1f}%")
print("  " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
d, v, s = score(counts)
print(f"Mutation score (non-string mutants, killed+timeout / valid): {d}/{v} = {s:.1f}%  in {int(sys.argv[2]) // 60} min {int(sys.argv[2]) % 60} s")
PY
