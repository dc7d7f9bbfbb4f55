package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	// The whole catalogue of systems, and the step-5 models of the zoo
	// (esn-critical, ncl).
	_ "github.com/emergo/emergo/adapt/ensemble"
	_ "github.com/emergo/emergo/adapt/reservoir"
	_ "github.com/emergo/emergo/system/catalog"
)

// Exit statuses of Main.
const (
	ExitOK          = 0
	ExitFailure     = 1
	ExitUsage       = 2
	ExitInterrupted = 130 // 128 + SIGINT, as shells report it
)

// UsageError is an error in the command line itself: an unknown command or
// flag, a wrong number of arguments, a malformed or conflicting flag value.
// Main exits with status 2 for it.
type UsageError struct {
	Err error
	// Cmd is the command path whose --help explains the usage.
	Cmd string
}

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// usagef returns a *UsageError with a formatted message.
func usagef(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// commandError marks an error returned by a command's own code (as opposed
// to cobra's parsing), so Run can tell the two apart.
type commandError struct{ err error }

func (e *commandError) Error() string { return e.err.Error() }
func (e *commandError) Unwrap() error { return e.err }

// ExitCode maps an error returned by Run to the process exit status.
func ExitCode(err error) int {
	var u *UsageError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, context.Canceled):
		return ExitInterrupted
	case errors.As(err, &u):
		return ExitUsage
	}
	return ExitFailure
}

// env carries the streams and clock of one invocation; tests substitute
// buffers and a fake clock.
type env struct {
	stdout, stderr io.Writer
	// stderrTTY reports whether stderr is a terminal (progress bar) or
	// not (occasional plain log lines).
	stderrTTY bool
	now       func() time.Time
}

// Main runs the command line args (without the program name), prints any
// error as "emergo: <message>" on stderr and returns the exit status. It
// never lets a panic escape.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "emergo: internal error: %v\n", r)
			if os.Getenv("EMERGO_TRACEBACK") != "" {
				stderr.Write(debug.Stack())
			} else {
				fmt.Fprintln(stderr, "emergo: this is a bug; rerun with EMERGO_TRACEBACK=1 and report the output")
			}
			code = ExitFailure
		}
	}()
	err := Run(ctx, args, stdout, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "emergo: %v\n", err)
		var u *UsageError
		if errors.As(err, &u) && u.Cmd != "" {
			fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", u.Cmd)
		}
	}
	return ExitCode(err)
}

// Run executes the command line args (without the program name) with the
// given output streams. Errors are returned, not printed; ExitCode gives
// their exit status. Cancelling ctx stops a running simulation.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	e := &env{stdout: stdout, stderr: stderr, stderrTTY: isTerminal(stderr), now: time.Now}
	return e.run(ctx, args)
}

func (e *env) run(ctx context.Context, args []string) error {
	root := e.newRoot()
	if args == nil {
		args = []string{}
	}
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return nil
	}
	var ce *commandError
	if errors.As(err, &ce) {
		err = ce.err
	} else {
		// Everything cobra reports itself (unknown command or flag,
		// argument count, flag groups) is a usage error.
		var u *UsageError
		if !errors.As(err, &u) {
			err = &UsageError{Err: err}
		}
	}
	var u *UsageError
	if errors.As(err, &u) && u.Cmd == "" && cmd != nil {
		u.Cmd = cmd.CommandPath()
	}
	return err
}

// runE adapts a command body: errors it returns are command errors (exit
// status 1) unless they are usage errors.
func runE(f func(cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		err := f(cmd, args)
		if err == nil {
			return nil
		}
		var u *UsageError
		if errors.As(err, &u) {
			if u.Cmd == "" {
				u.Cmd = cmd.CommandPath()
			}
			return err
		}
		return &commandError{err}
	}
}

// exactArgs requires n positional arguments named by what.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) < n:
			return usagef("%s needs %s", cmd.CommandPath(), what)
		case len(args) > n:
			return usagef("%s takes %s, got %d: %s", cmd.CommandPath(), what, len(args), strings.Join(args, " "))
		}
		return nil
	}
}

// group makes cmd a group of subcommands: run without one it prints its
// help, and an unknown subcommand is a usage error.
func group(cmd *cobra.Command) *cobra.Command {
	cmd.Args = func(c *cobra.Command, args []string) error {
		if len(args) > 0 {
			var names []string
			for _, s := range c.Commands() {
				if s.IsAvailableCommand() {
					names = append(names, s.Name())
				}
			}
			return usagef("unknown command %q for %q (commands: %s)", args[0], c.CommandPath(), strings.Join(names, ", "))
		}
		return nil
	}
	cmd.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
	return cmd
}

func (e *env) newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "emergo",
		Short: "Simulate complex systems and study emergence in forecasting models",
		Long: `emergo simulates a catalogue of complex systems (chaotic flows and maps,
delay and PDE systems, lattice, market, traffic and epidemic models) and
ships real data sets, for studying emergence and homogenization of
forecasting models.

Start with 'emergo demo', then 'emergo systems list' and
'emergo simulate Lorenz --steps 1000 --out lorenz.csv'.`,
		SilenceErrors: true,
		SilenceUsage:  true,
		CompletionOptions: cobra.CompletionOptions{
			HiddenDefaultCmd: true,
		},
	}
	group(root)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &UsageError{Err: err, Cmd: c.CommandPath()}
	})
	root.AddCommand(e.systemsCmd(), e.simulateCmd(), e.dataCmd(), e.demoCmd(), e.versionCmd(), e.trainCmd(), e.forecastCmd(), e.modelsCmd(), e.lyapunovCmd(), e.dimensionCmd(), e.entropyCmd(), e.powerlawCmd(), e.similarityCmd(), e.homogenizationCmd(), e.studyCmd(), e.reportCmd(), e.resultsCmd(), e.serveCmd(), e.runTaskCmd(), e.adaptCmd(), e.pretrainCmd(), e.zeroshotCmd(), e.finetuneCmd(), e.experimentsCmd())
	return root
}

// Version is the release of emergo; a build may set it with
// -ldflags "-X github.com/emergo/emergo/internal/cli.Version=v1.2.3".
var Version = "v0.1.0-dev"

func (e *env) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of emergo and of the Go toolchain that built it",
		Args:  exactArgs(0, "no arguments"),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(e.stdout, versionString())
			return err
		}),
	}
}

// versionString is "emergo VERSION (REVISION, GOVERSION OS/ARCH)", the
// revision coming from the build's VCS stamp when there is one.
func versionString() string {
	v, goVer, rev := Version, "", ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		goVer = bi.GoVersion
		if mv := bi.Main.Version; mv != "" && mv != "(devel)" && Version == "v0.1.0-dev" {
			v = mv
		}
		var dirty bool
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" && dirty {
			rev += "-dirty"
		}
	}
	var extra []string
	if rev != "" {
		extra = append(extra, rev)
	}
	if goVer != "" {
		extra = append(extra, goVer)
	}
	extra = append(extra, runtime.GOOS+"/"+runtime.GOARCH)
	return fmt.Sprintf("emergo %s (%s)", v, strings.Join(extra, ", "))
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// addParamFlag declares the shared --param flag (shorthand -p) of every
// command that takes a system: repeatable, each value one k=v pair or
// several joined by commas.
func addParamFlag(fs *pflag.FlagSet, dst *[]string) {
	fs.StringArrayVarP(dst, "param", "p", nil,
		"set a system parameter, `name=value`; repeat the flag or join pairs with commas (sigma=10,rho=28)")
}
