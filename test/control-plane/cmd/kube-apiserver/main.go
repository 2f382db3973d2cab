// Command kube-apiserver is the upstream Kubernetes API server, built from the
// k8s.io/kubernetes module so that Rampart's cluster tests judge its verdicts
// against the real thing.
package main

import (
	"os"
	_ "time/tzdata"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
	"rampart.test/control-plane/internal/lifeline"
)

func main() {
	lifeline.Hold()
	os.Exit(cli.Run(app.NewAPIServerCommand()))
}
