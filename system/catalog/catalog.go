// Package catalog registers every simulator of emergo in the system
// registry. Import it (for its side effect) wherever systems are looked up
// by name.
package catalog

import (
	// Each blank import registers a family of systems.
	_ "github.com/emergo/emergo/system/delay"
	_ "github.com/emergo/emergo/system/epidemic"
	_ "github.com/emergo/emergo/system/flows"
	_ "github.com/emergo/emergo/system/lattice"
	_ "github.com/emergo/emergo/system/maps"
	_ "github.com/emergo/emergo/system/market"
	_ "github.com/emergo/emergo/system/pde"
	_ "github.com/emergo/emergo/system/traffic"
)
