#!/usr/bin/env bash
# Runs one Java benchmark: run-java.sh CLASS NAME [ARGS...]. Run after: mvn -B -DskipTests package
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/bench/target/locus-bench.jar"
[ -f "$jar" ] || { echo "bench: $jar is missing; run: mvn -B -DskipTests package" >&2; exit 2; }
cls="$1" name="$2"
shift 2
cd "$root"
exec java -Xmx1g -cp "$jar" "dev.locus.bench.$cls" "bench_fs/$name" "$@"
