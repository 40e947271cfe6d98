#!/usr/bin/env bash
# Regenerates figure10.csv and figure10.png in the folder given as the first argument (default
# target/figure10): EaaS round-trip latency per scenario (alpha, beta, lambda) and cipher suite ('eaas figure10').
# Further options pass through, such as --rate, --requests or --suites.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/load-generator/target/eaas-load-generator.jar"
out="${1:-$root/target/figure10}"
shift || true
if [[ ! -f "$jar" ]]; then
  echo "Building $jar" >&2
  (cd "$root" && ./mvnw -q -pl load-generator -am package -DskipTests)
fi
exec java -Xmx2g -jar "$jar" figure10 --out "$out" "$@"
