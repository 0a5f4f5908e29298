{{/*
Chart name, truncated to the 63 characters a label value allows.
*/}}
{{- define "anvil.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name: "<release>-<chart>", or the release name when it already contains the
chart name. Truncated to 63 characters because some Kubernetes name fields are limited to that.
*/}}
{{- define "anvil.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version, as used by the helm.sh/chart label.
*/}}
{{- define "anvil.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels every object carries.
*/}}
{{- define "anvil.labels" -}}
helm.sh/chart: {{ include "anvil.chart" . }}
{{ include "anvil.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: anvil
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Selector labels shared by all components; each component adds app.kubernetes.io/component.
*/}}
{{- define "anvil.selectorLabels" -}}
app.kubernetes.io/name: {{ include "anvil.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* ---------------------------------------------------------------- operator */}}

{{/*
Operator name: "<fullname>-operator".
*/}}
{{- define "anvil.operator.fullname" -}}
{{- printf "%s-operator" (include "anvil.fullname" . | trunc 54 | trimSuffix "-") }}
{{- end }}

{{/*
Operator labels and selector labels.
*/}}
{{- define "anvil.operator.labels" -}}
{{ include "anvil.labels" . }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "anvil.operator.selectorLabels" -}}
{{ include "anvil.selectorLabels" . }}
app.kubernetes.io/component: operator
{{- end }}

{{/*
Operator ServiceAccount name.
*/}}
{{- define "anvil.operator.serviceAccountName" -}}
{{- if .Values.operator.serviceAccount.create }}
{{- default (include "anvil.operator.fullname" .) .Values.operator.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.operator.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Operator image reference: repository, then @digest or :tag (the tag defaults to the appVersion).
*/}}
{{- define "anvil.operator.image" -}}
{{- $img := .Values.operator.image }}
{{- if $img.digest }}
{{- printf "%s@%s" $img.repository $img.digest }}
{{- else }}
{{- printf "%s:%s" $img.repository (default .Chart.AppVersion $img.tag) }}
{{- end }}
{{- end }}

{{/*
Lease name used for leader election.
*/}}
{{- define "anvil.operator.leaseName" -}}
{{- default (include "anvil.operator.fullname" .) .Values.operator.leaderElection.leaseName }}
{{- end }}

{{/*
Whether the operator watches every namespace ("true") or only operator.watchNamespaces ("").
*/}}
{{- define "anvil.operator.clusterWide" -}}
{{- if empty .Values.operator.watchNamespaces }}true{{ end }}
{{- end }}

{{/*
Checks the schema cannot express. Included by the operator Deployment so that any render fails.
*/}}
{{- define "anvil.operator.validate" -}}
{{- $op := .Values.operator }}
{{- if and (gt (int $op.replicas) 1) (not $op.leaderElection.enabled) }}
{{- fail (printf "operator.replicas=%d needs operator.leaderElection.enabled=true: without leader election every replica reconciles the same resources and they fight (double-started Jobs, conflicting status writes). Set operator.replicas=1 or enable leader election." (int $op.replicas)) }}
{{- end }}
{{- if ne (len $op.watchNamespaces) (len (uniq $op.watchNamespaces)) }}
{{- fail (printf "operator.watchNamespaces lists a namespace more than once: %v" $op.watchNamespaces) }}
{{- end }}
{{- end }}

{{/* ---------------------------------------------------------------- shared by the new components */}}

{{/*
Component name: "<fullname>-<component>". Call with (dict "ctx" $ "component" "redis").
*/}}
{{- define "anvil.component.fullname" -}}
{{- printf "%s-%s" (include "anvil.fullname" .ctx | trunc 52 | trimSuffix "-") .component }}
{{- end }}

{{- define "anvil.component.labels" -}}
{{ include "anvil.labels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "anvil.component.selectorLabels" -}}
{{ include "anvil.selectorLabels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
Image reference of a component's image block; the tag defaults to the appVersion.
Call with (dict "ctx" $ "image" .Values.apiserver.image).
*/}}
{{- define "anvil.component.image" -}}
{{- if .image.digest }}
{{- printf "%s@%s" .image.repository .image.digest }}
{{- else }}
{{- printf "%s:%s" .image.repository (default .ctx.Chart.AppVersion .image.tag) }}
{{- end }}
{{- end }}

{{/*
ServiceAccount name of a component with a serviceAccount block. Call with (dict "ctx" $ "component" "apiserver").
*/}}
{{- define "anvil.component.serviceAccountName" -}}
{{- $sa := (index .ctx.Values .component).serviceAccount }}
{{- if $sa.create }}
{{- default (include "anvil.component.fullname" .) $sa.name }}
{{- else }}
{{- default "default" $sa.name }}
{{- end }}
{{- end }}

{{/* ---------------------------------------------------------------- redis */}}

{{/*
URI of the central Redis: the bundled StatefulSet's Service, or redis.external.uri.
*/}}
{{- define "anvil.redis.uri" -}}
{{- if .Values.redis.enabled }}
{{- printf "redis://%s.%s.svc:%d" (include "anvil.component.fullname" (dict "ctx" . "component" "redis")) .Release.Namespace (int .Values.redis.service.port) }}
{{- else }}
{{- .Values.redis.external.uri }}
{{- end }}
{{- end }}

{{/* ---------------------------------------------------------------- apiserver / agent */}}

{{/*
Name of the Secret holding the agents' bootstrap token (key "token").
*/}}
{{- define "anvil.apiKeysSecretName" -}}
{{- default (printf "%s-api-keys" (include "anvil.fullname" . | trunc 53 | trimSuffix "-")) .Values.apiserver.auth.apiKeysSecret }}
{{- end }}

{{- define "anvil.delegatedKeySecretName" -}}
{{- default (printf "%s-delegated-token-key" (include "anvil.fullname" . | trunc 42 | trimSuffix "-")) .Values.apiserver.auth.delegatedKeySecret }}
{{- end }}

{{- define "anvil.bootstrapSecretName" -}}
{{- default (printf "%s-agent-bootstrap" (include "anvil.fullname" . | trunc 46 | trimSuffix "-")) .Values.agent.bootstrapToken.existingSecret }}
{{- end }}

{{/*
host:port of the hub the agents dial: agent.hub.address, else the apiserver Service's grpc port.
*/}}
{{/*
Whether the apiserver forwards as the caller ("true" or ""): apiserver.impersonate, or
anvil.kube.impersonate set through apiserver.properties.
*/}}
{{- define "anvil.apiserver.impersonates" -}}
{{- if or .Values.apiserver.impersonate (eq (toString (index .Values.apiserver.properties "anvil.kube.impersonate")) "true") }}true{{ end }}
{{- end }}

{{/*
Scheme of the apiserver's http port for its probes: HTTPS once apiserver.properties configure
server.ssl.* (unless server.ssl.enabled is false), else HTTP.
*/}}
{{- define "anvil.apiserver.httpScheme" -}}
{{- $ssl := false }}
{{- range $k, $v := .Values.apiserver.properties }}
{{- if hasPrefix "server.ssl." $k }}{{ $ssl = true }}{{ end }}
{{- end }}
{{- if eq (toString (index .Values.apiserver.properties "server.ssl.enabled")) "false" }}{{ $ssl = false }}{{ end }}
{{- ternary "HTTPS" "HTTP" $ssl }}
{{- end }}

{{- define "anvil.agent.hubAddress" -}}
{{- if .Values.agent.hub.address }}
{{- .Values.agent.hub.address }}
{{- else }}
{{- printf "%s.%s.svc:%d" (include "anvil.component.fullname" (dict "ctx" . "component" "apiserver")) .Release.Namespace (int .Values.apiserver.service.grpcPort) }}
{{- end }}
{{- end }}

{{/*
Checks across components the schema cannot express. Included by the operator Deployment.
*/}}
{{- define "anvil.components.validate" -}}
{{- if and (not .Values.redis.enabled) (not .Values.redis.external.uri) }}
{{- fail "redis.enabled=false needs redis.external.uri (e.g. redis://my-redis.example:6379, rediss:// for TLS): the operator and the apiserver share one central Redis for the agent bus and the Job logs. Set redis.external.uri or keep redis.enabled=true." }}
{{- end }}
{{- if and .Values.agent.enabled (not .Values.apiserver.enabled) (not .Values.agent.hub.address) }}
{{- fail "agent.enabled=true with apiserver.enabled=false needs agent.hub.address (host:port of a hub): the agents have no in-release apiserver to dial." }}
{{- end }}
{{- end }}
