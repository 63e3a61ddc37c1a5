{{/* Chart name, truncated to 63 characters. */}}
{{- define "locus.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Fully qualified name: release-chart, unless the release name already contains the chart name. */}}
{{- define "locus.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "locus.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "locus.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "locus.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels on everything the chart installs. */}}
{{- define "locus.labels" -}}
helm.sh/chart: {{ include "locus.chart" . }}
{{ include "locus.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: locus
{{- end -}}

{{- define "locus.selectorLabels" -}}
app.kubernetes.io/name: {{ include "locus.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "locus.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "locus.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
What the operator may do with pools and what it owns, in the namespaces it watches: exactly the requests it makes
(OperatorApiServerIT proves, against a real API server, that none is refused and every verb is used).
*/}}
{{- define "locus.operatorRules" -}}
- apiGroups: [locus.dev]
  resources: [fileprocessingpools]
  verbs: [get, list, watch, patch]           # watch pools; add and remove the finalizer
- apiGroups: [locus.dev]
  resources: [fileprocessingpools/status]
  verbs: [patch]
- apiGroups: [locus.dev]
  resources: [fileprocessingpools/finalizers]
  verbs: [update]                            # owner references that block their owner's deletion
- apiGroups: [apps]
  resources: [statefulsets]
  verbs: [list, watch, create, patch]        # server-side apply; deleted by garbage collection, not the operator
- apiGroups: [""]
  resources: [services]
  verbs: [list, watch, create, patch]
- apiGroups: [policy]
  resources: [poddisruptionbudgets]
  verbs: [list, watch, create, patch]
- apiGroups: [batch]
  resources: [jobs]
  verbs: [list, watch, create, patch, delete]  # drain Jobs; removed before their worker returns
- apiGroups: [""]
  resources: [pods]
  verbs: [list, watch, patch]                # which workers run; the cordon annotation of leaving ones
- apiGroups: [""]
  resources: [events]
  verbs: [create]
{{- end -}}
