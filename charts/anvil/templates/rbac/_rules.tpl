{{/*
What the operator may do in each namespace it watches. Rendered into the ClusterRole when it
watches every namespace, or into one Role per namespace in operator.watchNamespaces.
*/}}
{{- define "anvil.operator.watchedNamespaceRules" -}}
# The four kinds: reconcile them, and create/delete children (a Pipeline's Jobs, a Workflow's
# Jobs, Pipelines and Workflow runs).
- apiGroups: ["anvil.dev"]
  resources: ["jobs", "pipelines", "workflows", "bmchosts"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# Status is written only through the subresource; the operator never rewrites a user's spec.
- apiGroups: ["anvil.dev"]
  resources: ["jobs/status", "pipelines/status", "workflows/status", "bmchosts/status"]
  verbs: ["get", "update", "patch"]
# Finalizers, and blockOwnerDeletion on children's owner references (OwnerReferencesPermissionEnforcement).
- apiGroups: ["anvil.dev"]
  resources: ["jobs/finalizers", "pipelines/finalizers", "workflows/finalizers", "bmchosts/finalizers"]
  verbs: ["update"]
# Pods of executor: Pod Jobs.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch", "create", "delete"]
# Pod attempts' logs, copied into the log store so they outlive the Pod.
- apiGroups: [""]
  resources: ["pods/log"]
  verbs: ["get"]
# Secrets: get only, one by name, for a Workflow http node's authSecretRef and secretKeyRef headers (read when the
# call is made, in the Workflow's namespace). Never list or watch: BMC credentials and Agent Jobs' secret env values
# are resolved by the apiserver's hub when it sends a command, not by the operator.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
- apiGroups: ["", "events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{/*
Cluster-scoped rules the operator always needs.
*/}}
{{- define "anvil.operator.clusterRules" -}}
# Per-namespace quota override: the anvil.dev/max-concurrent-jobs label or annotation.
- apiGroups: [""]
  resources: ["namespaces"]
  verbs: ["get", "list", "watch"]
{{- end }}
