#!/usr/bin/env bash
# Builds the agent and the simulators and runs the BMC benchmark (see docs/benchmarks.md, "BMCs"). Arguments pass
# through, with their defaults:
#   e2e/bench-bmc.sh --parts ipmi,redfish --ops 500 --processes 50 --polls 50 --slices 5 --bmcs 1,10,50 \
#                    --threads 16 --warmup 8 --seconds 10
# Needs ipmi_sim, sdrcomp and ipmitool (Debian: apt-get install openipmi ipmitool) for the IPMI part.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./mvnw -B -q ${ANVIL_MAVEN_OPTS:-} -pl simulators,e2e -am package -DskipTests
# the simulated Redfish BMCs run in a JVM of their own, on the simulators module's classpath
exec java \
  -Dlogback.configurationFile=anvil-bench-logback.xml \
  -Danvil.simulators.classpath="$root/simulators/target/classes:$(cat "$root/simulators/target/runtime.classpath")" \
  -Xms512m -Xmx1g \
  -cp "$root/e2e/target/classes:$(cat "$root/e2e/target/runtime.classpath")" \
  dev.anvil.e2e.bench.BmcBenchmark "$@"
