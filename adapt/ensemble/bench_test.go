package ensemble_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/emergo/emergo/adapt/ensemble"
)

// BenchmarkNCLEpoch times one training epoch of an NCL ensemble (1000
// Mackey-Glass rows, window 4, batches of 32, 16 hidden units) for
// several ensemble sizes, with and without the penalty: b.N epochs run
// in one Fit, so the set-up is amortised.
func BenchmarkNCLEpoch(b *testing.B) {
	data := mackeyGlass(b)
	train := data.Slice(0, mgTrain)
	for _, m := range []int{2, 5, 10} {
		for _, lambda := range []float64{0, 0.5} {
			b.Run(fmt.Sprintf("M=%d/lambda=%g", m, lambda), func(b *testing.B) {
				cfg := ensemble.DefaultNCLConfig()
				cfg.Members, cfg.Lambda, cfg.Epochs = m, lambda, b.N
				model, err := ensemble.NewNCL(&cfg)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				b.ResetTimer()
				if err := model.Fit(context.Background(), train, nil); err != nil {
					b.Fatal(err)
				}
			})
		}
	}
}

// BenchmarkMeasure times the diversity measurement of 10 members over
// 500 one-step forecasts.
func BenchmarkMeasure(b *testing.B) {
	data := mackeyGlass(b)
	cfg := ensemble.DefaultNCLConfig()
	cfg.Members, cfg.Epochs = 10, 2
	model, err := ensemble.NewNCL(&cfg)
	if err != nil {
		b.Fatal(err)
	}
	if err := model.Fit(context.Background(), data.Slice(0, mgTrain), nil); err != nil {
		b.Fatal(err)
	}
	preds, err := model.MemberOneStep(data.Slice(mgTest-cfg.Window, mgTestEnd))
	if err != nil {
		b.Fatal(err)
	}
	truth := data.Slice(mgTest, mgTestEnd)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ensemble.Measure(preds, truth, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}
