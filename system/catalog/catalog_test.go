package catalog

import (
	"testing"

	"github.com/emergo/emergo/system"
	"github.com/emergo/emergo/system/systest"
)

// Every registered system passes the conformance suite.
func TestConformance(t *testing.T) {
	for _, in := range system.List("") {
		t.Run(in.Name, func(t *testing.T) {
			systest.Run(t, in.Name)
		})
	}
}
