package finance_test

import (
	"context"
	"fmt"
	"math"

	"github.com/emergo/emergo/data"
	"github.com/emergo/emergo/finance"
)

// Kupiec's test: 3 exceedances of a 95% VaR in 20 days (1 expected).
func ExampleKupiec() {
	lr, p := finance.Kupiec(20, 3, 0.95)
	fmt.Printf("LR = %.4f, p = %.4f\n", lr, p)
	// Output: LR = 2.8100, p = 0.0937
}

// Decisions are made at the close and held over the next day: decision
// 0 (long) earns day 1, decision 3 (short) earns day 4.
func ExampleBacktest() {
	simple := []float64{0, 0.10, -0.05, 0.02, 0.04}
	r := make([]float64, len(simple))
	for i, v := range simple {
		r[i] = math.Log1p(v)
	}
	b, err := finance.Backtest(r, []float64{1, 1, 0, -1, 0}, &finance.BacktestOptions{CostBps: 10})
	if err != nil {
		panic(err)
	}
	fmt.Printf("positions %v\n", b.Positions)
	fmt.Printf("returns %.3f\n", b.Returns)
	fmt.Printf("max drawdown %.4f, turnover %.0f/yr\n", b.Strategy.MaxDrawdown, b.Strategy.Turnover)
	// Output:
	// positions [1 1 0 -1]
	// returns [0.099 -0.050 -0.001 -0.041]
	// max drawdown 0.0899, turnover 189/yr
}

// Stylized facts and GARCH(1,1) of the shipped S&P 500 returns.
func ExampleStylizedFacts() {
	s, err := data.Load("sp500-returns")
	if err != nil {
		panic(err)
	}
	r, _ := s.Column("log_return")
	f, err := finance.StylizedFacts(r, nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("excess kurtosis %.1f, tail index %.1f (CSN) %.1f (Hill)\n", f.ExcessKurtosis, f.TailIndex, f.Hill.TailIndex)
	fmt.Printf("acf of r at lag 1 %.2f, of |r| %.2f; leverage %.2f\n", f.ACF[0], f.ACFAbs[0], f.Leverage[0])
	g, err := finance.FitGARCH(r, &finance.GARCHOptions{Mean: true})
	if err != nil {
		panic(err)
	}
	fmt.Printf("GARCH(1,1): α+β = %.3f\n", g.Params.Persistence())
	// Output:
	// excess kurtosis 11.2, tail index 2.6 (CSN) 2.7 (Hill)
	// acf of r at lag 1 -0.11, of |r| 0.31; leverage -0.13
	// GARCH(1,1): α+β = 0.985
}

// Walk-forward GARCH volatility forecasts turned into a 99% VaR and
// backtested on the days after the first 1000.
func ExampleGARCHWalkForward() {
	s, err := data.Load("sp500-returns")
	if err != nil {
		panic(err)
	}
	r, _ := s.Column("log_return")
	v, err := finance.GARCHWalkForward(context.Background(), r, &finance.GARCHWalkOptions{Window: 1000, Refit: 20})
	if err != nil {
		panic(err)
	}
	rf, err := finance.VolatilityVaR(v, 0.99, finance.Normal)
	if err != nil {
		panic(err)
	}
	c, err := finance.BacktestVaR(r, rf)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d exceedances in %d days (%.0f expected)\n", c.Exceedances, c.N, c.Expected)
	// Output: 93 exceedances in 4104 days (41 expected)
}
