#!/usr/bin/env bash
# Builds the operator and runs a benchmark (see docs/benchmarks.md). Arguments after the benchmark's name pass through:
#   e2e/bench.sh --jobs 1000 --warmup 200 --concurrency 8 --quota 0 --reconcile-threads 8     # Pod Jobs
#   e2e/bench.sh agent --jobs 1000 --agent-capacity 64 --log-mb 100 --line-bytes 100           # Agent Jobs
#   e2e/bench.sh pipeline --tasks 1000 --shape wide|chain|layers --max-parallel 0 --agent-capacity 64  # Pipelines
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
main=dev.anvil.e2e.bench.JobThroughputBenchmark
if [[ "${1:-}" == "agent" || "${1:-}" == "pipeline" ]]; then
  [[ "$1" == "agent" ]] && main=dev.anvil.e2e.bench.AgentJobBenchmark || main=dev.anvil.e2e.bench.PipelineBenchmark
  command -v redis-server >/dev/null || { echo "the $1 benchmark needs redis-server: apt-get install redis-server" >&2; exit 1; }
  shift
fi
./mvnw -B -q ${ANVIL_MAVEN_OPTS:-} -pl crds,operator,e2e -am package -DskipTests
# parallelism=4: on 2 CPUs the common pool would have 1 thread, and the JDK HTTP client then starts a thread per response
exec java \
  -Djava.util.concurrent.ForkJoinPool.common.parallelism=4 \
  -Dlogback.configurationFile=anvil-bench-logback.xml \
  -Xms1g -Xmx2g \
  -cp "$root/e2e/target/classes:$(cat "$root/e2e/target/runtime.classpath")" \
  "$main" "$@"
