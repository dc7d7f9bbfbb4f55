// Package market holds emergo's models of financial returns: the
// Lux-Marchesi agent-based market of chartists and fundamentalists, the
// Cont-Bouchaud herding model of traders clustered on a random graph, and
// the GARCH(1,1) process as a stochastic reference for volatility
// clustering. Each registers itself in the system catalogue in an init
// function; import the package (or system/catalog) for that side effect.
//
// Conventions:
//   - A Step is one sampling interval, read as one trading "day": the
//     agent models take many small internal updates (Lux-Marchesi) or one
//     round of trading (Cont-Bouchaud) per Step; GARCH draws one return.
//     Time counts days.
//   - Returns are log returns over the last sampling interval. The
//     observation of each model is a short documented vector whose second
//     or first component is that return (see each type).
//   - Every model draws its randomness from its own math/rand/v2 PCG stream
//     seeded at construction; Reset restores the initial state and the
//     stream, so a reset run replays bit-identically. Step and State(dst)
//     do not allocate.
//   - The stylized facts the agent models are built to reproduce (fat
//     tails, volatility clustering, uncorrelated raw returns) are checked
//     by their tests with the sample statistics of long seeded runs.
//
// References:
//
//	Lux, T. & Marchesi, M. (1999). Scaling and criticality in a stochastic
//	  multi-agent model of a financial market. Nature 397, 498-500.
//	Lux, T. & Marchesi, M. (2000). Volatility clustering in financial
//	  markets: a microsimulation of interacting agents. Int. J. Theor.
//	  Appl. Finance 3, 675-702.
//	Cont, R. & Bouchaud, J.-P. (2000). Herd behavior and aggregate
//	  fluctuations in financial markets. Macroeconomic Dynamics 4, 170-196.
//	Bollerslev, T. (1986). Generalized autoregressive conditional
//	  heteroskedasticity. J. Econometrics 31, 307-327.
//	Cont, R. (2001). Empirical properties of asset returns: stylized facts
//	  and statistical issues. Quantitative Finance 1, 223-236.
package market
