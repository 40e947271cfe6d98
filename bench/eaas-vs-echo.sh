#!/usr/bin/env bash
# Runs EaaS and the echo service of the no-encryption mode side by side on one embedded Kafka broker on
# 127.0.0.1, in one JVM, and prints the EaaS / echo ratios beside their targets ('eaas benchmark').
# Options pass through: --quick for a run of a few minutes, --set KEY=VALUE for a setting of the EaaS roles,
# --client-set KEY=VALUE for a client setting, --help for the rest.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/load-generator/target/eaas-load-generator.jar"
if [[ ! -f "$jar" ]]; then
  echo "Building $jar" >&2
  (cd "$root" && ./mvnw -q -pl load-generator -am package -DskipTests)
fi
exec java -Xmx2g -jar "$jar" benchmark "$@"
