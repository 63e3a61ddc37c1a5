#!/usr/bin/env bash
# Chaos: bench/chaos.sh [STOPS] stops workers at chosen moments, STOPS times (default 200); see bench/README.md.
exec "$(dirname "${BASH_SOURCE[0]}")/run-java.sh" ChaosBench chaos "$@"
