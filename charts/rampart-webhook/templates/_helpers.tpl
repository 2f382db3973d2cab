{{/* The objects' names are fixed, as `rampart webhook manifests` writes them: the webhook configurations and
their match conditions name the Service and the ServiceAccount, so one release per cluster. */}}
{{- define "rampart-webhook.labels" -}}
app.kubernetes.io/name: rampart-webhook
app.kubernetes.io/part-of: rampart
{{- end }}

{{- define "rampart-webhook.metadata" -}}
namespace: {{ .Values.namespace }}
labels:
  {{- include "rampart-webhook.labels" . | nindent 2 }}
{{- end }}

{{/* One webhook of either configuration; called with (dict "root" $ "path" "validate"). */}}
{{- define "rampart-webhook.webhook" -}}
{{- $ns := .root.Values.namespace -}}
name: {{ .path }}.rampart.dev
admissionReviewVersions: [v1]
sideEffects: None
failurePolicy: {{ .root.Values.failurePolicy }}
timeoutSeconds: {{ .root.Values.timeoutSeconds }}
matchPolicy: Equivalent
clientConfig:
  service:
    name: rampart-webhook
    namespace: {{ $ns }}
    path: /{{ .path }}
    port: 443
# what the catalogue judges; leases, events and other high-volume objects never reach the webhook
rules:
{{- range $rule := list
  (list "" (list "pods" "pods/ephemeralcontainers" "services" "serviceaccounts" "secrets" "namespaces" "replicationcontrollers" "podtemplates"))
  (list "apps" (list "deployments" "statefulsets" "daemonsets" "replicasets"))
  (list "batch" (list "jobs" "cronjobs"))
  (list "networking.k8s.io" (list "ingresses" "networkpolicies"))
  (list "rbac.authorization.k8s.io" (list "roles" "clusterroles" "rolebindings" "clusterrolebindings")) }}
  - apiGroups: [{{ index $rule 0 | quote }}]
    resources: {{ index $rule 1 | toJson }}
    apiVersions: ["*"]
    operations: [CREATE, UPDATE]
    scope: "*"
{{- end }}
# never kube-system or the webhook's own namespace, so the webhook can always be repaired
namespaceSelector:
  matchExpressions:
    - key: kubernetes.io/metadata.name
      operator: NotIn
      values: [kube-system, {{ $ns }}]
# the control plane's own controllers and nodes are judged by their own admission plugins
matchConditions:
  - name: not-node-or-controller
    expression: "!request.userInfo.username.startsWith('system:node:')"
  - name: not-its-own-service-account
    expression: {{ printf "request.userInfo.username != 'system:serviceaccount:%s:rampart-webhook'" $ns | toJson }}
{{- end }}
