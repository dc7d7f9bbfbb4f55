// Package cli implements the emergo command-line tool: the command tree,
// flag parsing and the output formats of every subcommand. The binary in
// cmd/emergo only wires the process (arguments, standard streams, signals)
// to Main, so tests run the very same code in-process through Run.
//
// Commands:
//
//	emergo systems list [--category C] [--json]
//	emergo systems show NAME [--param k=v ...] [--json]
//	emergo simulate NAME [--param k=v ...] [--steps N | --time T] [--dt DT]
//	    [--transient T] [--seed S] [--method dopri5|rk4] [--tol TOL] [--out FILE.csv]
//	emergo data list [--json]
//	emergo data show NAME [--json] [--rows N] [--out FILE.csv]
//	emergo demo
//	emergo version
//
// Conventions:
//   - Results go to stdout (or --out); progress, summaries and errors go
//     to stderr. Every error is one line "emergo: <message>".
//   - Exit status: 0 on success, 1 for a failed command (unknown system
//     or data set, rejected parameter, diverging simulation, unwritable
//     output), 2 for a malformed command line (unknown command or flag,
//     wrong number of arguments, conflicting or invalid flag values), 130
//     when interrupted (Ctrl-C). A panic inside a command is recovered and
//     reported as an internal error with status 1, never a stack trace
//     (set EMERGO_TRACEBACK=1 to see one).
//   - simulate --steps N records the state before the first step and after
//     each of the N steps: N+1 CSV rows below the header. --time T is
//     round(T/dt) steps, and --transient T discards round(T/dt) steps
//     first, dt being the system's sampling interval (1 for maps, lattice
//     and agent models: one iteration, sweep or day per step).
//   - The simulation CSV is the series package's format: a "time" column
//     then one column per observable, named by Info.Observables when they
//     match the system's dimension, else x0, x1, ...
package cli
