#!/usr/bin/env bash
# Builds a real Kubernetes control plane from source through the Go module proxy, once, into the folder layout
# fabric8's kube-api-test reads: $KUBE_API_TEST_DIR (default ~/.kubeapitest)/k8s/<version>-linux-amd64/ with
# kube-apiserver, etcd and kubectl, plus kube-controller-manager (the real StatefulSet, Job and GC controllers).
# No release binary is downloadable here, so each is built from its Go module, pinned:
#   k8s.io/kubernetes v1.34.4 through a wrapper module that replaces the 31 staging modules with their v0.34.4
#   releases (go install of k8s.io/kubernetes/cmd/... is refused: its go.mod points them at ./staging), and
#   go.etcd.io/etcd/server/v3 v3.6.4 (the etcd Kubernetes 1.34 ships) through a wrapper module for its replaces.
# Static (CGO_ENABLED=0), with the version ldflags upstream sets, so /version says v1.34.4. Reuses what is there.
set -euo pipefail
K8S=1.34.4
ETCD=3.6.4
out="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/$K8S-linux-amd64"
src="${LOCUS_CONTROL_PLANE_SRC:-$HOME/.cache/locus-k8s/src}"
if [ -x "$out/kube-apiserver" ] && [ -x "$out/kube-controller-manager" ] && [ -x "$out/etcd" ] && [ -x "$out/kubectl" ]; then
  echo "control plane $K8S (etcd $ETCD) cached in $out"
  exit 0
fi
command -v go >/dev/null || { echo "build-control-plane: Go is needed (the Go module proxy builds Kubernetes)" >&2; exit 1; }
mkdir -p "$out" "$src/k8s" "$src/etcd"
start=$(date +%s)

cd "$src/k8s"
{
  printf 'module locus.dev/k8s-control-plane\n\ngo 1.24\n\nrequire k8s.io/kubernetes v%s\n\nreplace (\n' "$K8S"
  for m in api apiextensions-apiserver apimachinery apiserver cli-runtime client-go cloud-provider cluster-bootstrap \
      code-generator component-base component-helpers controller-manager cri-api cri-client csi-translation-lib \
      dynamic-resource-allocation endpointslice externaljwt kms kube-aggregator kube-controller-manager kube-proxy \
      kube-scheduler kubectl kubelet metrics mount-utils pod-security-admission sample-apiserver sample-cli-plugin \
      sample-controller; do
    printf '  k8s.io/%s => k8s.io/%s v0.%s\n' "$m" "$m" "${K8S#1.}"
  done
  printf ')\n'
} > go.mod
printf '//go:build tools\n\npackage tools\n\nimport (\n\t_ "k8s.io/kubernetes/cmd/kube-apiserver"\n\t_ "k8s.io/kubernetes/cmd/kube-controller-manager"\n\t_ "k8s.io/kubernetes/cmd/kubectl"\n)\n' > tools.go
go mod tidy
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags="$ldflags -X $pkg.gitVersion=v$K8S -X $pkg.gitMajor=${K8S%%.*} -X $pkg.gitMinor=$(echo "$K8S" | cut -d. -f2)"
  ldflags="$ldflags -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done
for cmd in kube-apiserver kube-controller-manager kubectl; do
  # One link at a time: each takes about 2 GiB.
  CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$out/$cmd" "k8s.io/kubernetes/cmd/$cmd"
done

cd "$src/etcd"
printf 'module locus.dev/etcd\n\ngo 1.24\n\nrequire go.etcd.io/etcd/server/v3 v%s\n' "$ETCD" > go.mod
printf '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' > tools.go
go mod tidy
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out/etcd" go.etcd.io/etcd/server/v3

echo "control plane $K8S (etcd $ETCD) built into $out in $(( $(date +%s) - start )) s; $(du -sh "$out" | cut -f1)"
