// Command k8s-validate decodes Kubernetes manifests with Kubernetes' own Go types and strict decoding, so an
// unknown field, a duplicated field, a wrong type or an unknown kind fails here instead of in a cluster.
//
//	k8s-validate [path...]
//
// A path is a manifest file (several YAML documents allowed), "-" for standard input, or a directory holding a
// kustomization.yaml, which is rendered with kustomize's own library first. Each valid object is printed as
// "<apiVersion> <Kind> <namespace>/<name>"; problems go to standard error and the exit status is 1.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	k8syaml "k8s.io/apimachinery/pkg/util/yaml"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: k8s-validate <file|directory with kustomization.yaml|->...")
		os.Exit(2)
	}
	decoder, err := strictDecoder()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	failed := false
	for _, path := range os.Args[1:] {
		manifests, err := read(path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
			failed = true
			continue
		}
		for _, problem := range validate(decoder, path, manifests, os.Stdout) {
			fmt.Fprintln(os.Stderr, problem)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

// strictDecoder knows every built-in kind plus the Prometheus Operator's (ServiceMonitor), and refuses
// unknown or duplicated fields.
func strictDecoder() (runtime.Decoder, error) {
	scheme := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(scheme); err != nil {
		return nil, err
	}
	if err := monitoringv1.AddToScheme(scheme); err != nil {
		return nil, err
	}
	return serializer.NewCodecFactory(scheme, serializer.EnableStrict).UniversalDeserializer(), nil
}

// read returns the YAML stream at path: the file, standard input, or a kustomization rendered by kustomize.
func read(path string) ([]byte, error) {
	if path == "-" {
		return io.ReadAll(os.Stdin)
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return os.ReadFile(path)
	}
	if _, err := os.Stat(filepath.Join(path, "kustomization.yaml")); err != nil {
		return nil, errors.New("a directory must hold a kustomization.yaml")
	}
	resources, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(filesys.MakeFsOnDisk(), path)
	if err != nil {
		return nil, fmt.Errorf("kustomize: %w", err)
	}
	return resources.AsYaml()
}

// validate decodes every document of the stream, prints each object's identity to out and returns the
// problems found.
func validate(decoder runtime.Decoder, source string, stream []byte, out io.Writer) []string {
	var problems []string
	documents := k8syaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(stream)))
	for index := 1; ; index++ {
		document, err := documents.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return append(problems, fmt.Sprintf("%s: document %d: %v", source, index, err))
		}
		if isEmpty(document) {
			continue
		}
		object, kind, err := decoder.Decode(document, nil, nil)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: document %d: %v", source, index, err))
			continue
		}
		accessor, err := meta.Accessor(object)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: document %d (%s): %v", source, index, kind.Kind, err))
			continue
		}
		if accessor.GetName() == "" {
			problems = append(problems, fmt.Sprintf("%s: document %d (%s): metadata.name is empty", source, index, kind.Kind))
			continue
		}
		fmt.Fprintf(out, "%s %s %s/%s\n", kind.GroupVersion().String(), kind.Kind, accessor.GetNamespace(), accessor.GetName())
	}
	return problems
}

// isEmpty tells a document with only comments or whitespace (helm leaves some) from a manifest.
func isEmpty(document []byte) bool {
	asJSON, err := yaml.YAMLToJSON(document)
	return err == nil && (string(asJSON) == "null" || string(asJSON) == "{}")
}
