package ensemble_test

import (
	"context"
	"sync"
	"testing"

	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/system"
	_ "github.com/emergo/emergo/system/delay"
)

// The test problem: Mackey-Glass with τ = 17 (Mackey & Glass 1977, the
// classic chaotic setting) sampled every 6 time units, so that a window
// of 4 rows holds x(t), x(t−6), x(t−12), x(t−18) and the next row is
// x(t+6): the prediction task of Lapedes & Farber (1987) that Liu & Yao
// (1999) used for negative correlation learning. Rows: 1000 training,
// 200 validation, then test rows [1300, 1800).
const (
	mgRows    = 1800
	mgTrain   = 1000
	mgVal     = 200
	mgTest    = 1300
	mgTestEnd = 1800
)

var (
	mgOnce sync.Once
	mgB    *forecast.Block
	mgErr  error
)

func mackeyGlass(t testing.TB) *forecast.Block {
	t.Helper()
	mgOnce.Do(func() {
		var sys system.System
		sys, mgErr = system.NewConfig("MackeyGlass", system.Config{Params: system.Params{"tau": 17}, DT: 6})
		if mgErr != nil {
			return
		}
		var tr *system.Trajectory
		tr, mgErr = system.Sample(context.Background(), sys, mgRows, &system.SampleOptions{Transient: 200})
		if mgErr == nil {
			mgB = forecast.NewBlock(tr.X, 1)
		}
	})
	if mgErr != nil {
		t.Fatal(mgErr)
	}
	return mgB
}
