{{/* Release-scoped name prefix: "<release>" when it already contains the chart name, else "<release>-rocket-nest". */}}
{{- define "rocket-nest.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/*
The apps, in a fixed order: values key (Rocket.Chat's name where it has one) → process, and whether the app
has a MongoDB connection. stream-hub is a singleton (omnichannel-voip runs as many as wanted: README, "VoIP").
*/}}
{{- define "rocket-nest.apps" -}}
- { key: ddpStreamer, app: gateway, database: false, singleton: false }
- { key: account, app: accounts, database: true, singleton: false }
- { key: authorization, app: authorization, database: true, singleton: false }
- { key: presence, app: presence, database: true, singleton: false }
- { key: core, app: core, database: true, singleton: false }
- { key: streamHub, app: stream-hub, database: true, singleton: true }
- { key: omnichannelVoip, app: omnichannel-voip, database: true, singleton: false }
- { key: omnichannel, app: omnichannel, database: true, singleton: false }
- { key: appsEngine, app: apps-engine, database: true, singleton: false }
{{- end -}}

{{/* Labels of objects that belong to no single app. */}}
{{- define "rocket-nest.labels" -}}
{{ include "rocket-nest.sharedLabels" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "rocket-nest.sharedLabels" -}}
app.kubernetes.io/part-of: rocket-nest
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Labels of one app's objects (selector labels included); called with (dict "root" $ "app" "gateway"). */}}
{{- define "rocket-nest.appLabels" -}}
{{ include "rocket-nest.sharedLabels" .root }}
{{ include "rocket-nest.selectorLabels" . }}
{{- end -}}

{{/* Selector labels of one app; called with (dict "root" $ "app" "gateway"). */}}
{{- define "rocket-nest.selectorLabels" -}}
app.kubernetes.io/name: {{ .app }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "rocket-nest.secretName" -}}
{{- .Values.existingSecret | default (printf "%s-credentials" (include "rocket-nest.fullname" .)) -}}
{{- end -}}
