package pde

import (
	"testing"

	"github.com/emergo/emergo/system/systest"
)

// Every system of the package passes the catalogue conformance suite
// (determinism, finite states over 1000 default steps, Reset replay,
// allocation-free Step and State, exact Jacobians against finite
// differences).
func TestConformance(t *testing.T) {
	for _, name := range []string{"KuramotoSivashinsky", "LinearDiffusion", "GrayScott"} {
		t.Run(name, func(t *testing.T) { systest.Run(t, name) })
	}
}
