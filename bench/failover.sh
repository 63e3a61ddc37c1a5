#!/usr/bin/env bash
# Benchmark: see bench/README.md. Run after: mvn -B -DskipTests package
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/bench/target/locus-bench.jar"
[ -f "$jar" ] || { echo "bench: $jar is missing; run: mvn -B -DskipTests package" >&2; exit 2; }
cd "$root"
exec java -Xmx1g -cp "$jar" dev.locus.bench.FailoverBench "bench_fs/failover" "$@"
