#!/usr/bin/env bash
# The apiserver front door benchmark (docs/benchmarks.md "The apiserver front door and consoles"):
#   e2e/bench-front.sh --gets 2000 --lists 300 --watch-events 1000 --concurrency 8 --keystrokes 500
# --api 0 or --keystrokes 0 skips that part. Needs redis-server and ipmi_sim (bin/test installs both).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v redis-server >/dev/null || { echo "needs redis-server: apt-get install redis-server" >&2; exit 1; }
./mvnw -B -q ${ANVIL_MAVEN_OPTS:-} -pl e2e -am package -DskipTests
exec java \
  -Djava.util.concurrent.ForkJoinPool.common.parallelism=4 \
  -Dlogback.configurationFile=anvil-bench-logback.xml \
  -Xms1g -Xmx2g \
  -cp "$root/e2e/target/classes:$(cat "$root/e2e/target/runtime.classpath")" \
  dev.anvil.e2e.bench.FrontDoorBenchmark "$@"
