#!/usr/bin/env bash
# Benchmark the ML example (model loads per workflow, sessions vs none): see bench/README.md.
exec "$(dirname "${BASH_SOURCE[0]}")/run-java.sh" MlInferenceBench ml-inference "$@"
