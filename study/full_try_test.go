package study

import (
	"context"
	"os"
	"testing"
	"time"
)

func TestTryFull(t *testing.T) {
	if os.Getenv("EMERGO_FULL") == "" {
		t.Skip()
	}
	text := DefaultYAML()
	if f := os.Getenv("EMERGO_SPEC"); f != "" {
		text, _ = os.ReadFile(f)
	}
	s, err := Parse(text, "spec")
	if err != nil {
		t.Fatal(err)
	}
	st := newMemStore()
	t0 := time.Now()
	sum, err := Run(context.Background(), s, text, st, &Options{Progress: func(p Progress) {
		if p.Last != "" {
			t.Logf("%6.1fs %d/%d %s %s", time.Since(t0).Seconds(), p.Done, p.Total, p.Last, p.LastErr)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range st.order[sum.StudyID] {
		tk := st.tasks[k]
		if tk.Kind == "train" || tk.Kind == "homogenization" || tk.Kind == "system" {
			t.Logf("%-50s %6.1fs %v", tk.Label, tk.Seconds, st.metrics[k])
		}
	}
	t.Logf("%+v", sum)
}
