package main

import (
	"io"
	"strings"
	"testing"
)

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: %s
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: web:1%s }]
`

func problemsOf(t *testing.T, manifest string) []string {
	t.Helper()
	decoder, err := strictDecoder()
	if err != nil {
		t.Fatal(err)
	}
	return validate(decoder, "test", []byte(manifest), io.Discard)
}

func TestAcceptsAValidManifest(t *testing.T) {
	if problems := problemsOf(t, strings.Replace(strings.Replace(deployment, "%s", "2", 1), "%s", "", 1)); len(problems) != 0 {
		t.Fatalf("unexpected problems: %v", problems)
	}
}

func TestRefusesAnUnknownField(t *testing.T) {
	manifest := strings.Replace(strings.Replace(deployment, "%s", "2", 1), "%s", ", imagePullPolicyy: Always", 1)
	problems := problemsOf(t, manifest)
	if len(problems) != 1 || !strings.Contains(problems[0], "imagePullPolicyy") {
		t.Fatalf("want one problem naming the field, got %v", problems)
	}
}

func TestRefusesAWrongType(t *testing.T) {
	problems := problemsOf(t, strings.Replace(strings.Replace(deployment, "%s", "two", 1), "%s", "", 1))
	if len(problems) != 1 {
		t.Fatalf("want one problem, got %v", problems)
	}
}

func TestRefusesAnUnknownKind(t *testing.T) {
	if problems := problemsOf(t, "apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n"); len(problems) != 1 {
		t.Fatalf("want one problem, got %v", problems)
	}
}

func TestKnowsServiceMonitor(t *testing.T) {
	manifest := "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: { name: m }\nspec:\n  selector: {}\n  endpoints: [{ port: http, path: /metrics }]\n"
	if problems := problemsOf(t, manifest); len(problems) != 0 {
		t.Fatalf("unexpected problems: %v", problems)
	}
}
