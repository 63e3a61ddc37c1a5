#!/usr/bin/env bash
# The demo's wall time / its floor, three runs a server; see bench/README.md.
exec "$(dirname "${BASH_SOURCE[0]}")/run-java.sh" DemoBench demo "$@"
