package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"

	"github.com/spf13/cobra"

	"github.com/emergo/emergo/report"
	"github.com/emergo/emergo/store"
	"github.com/emergo/emergo/web"
)

// reportRenderer writes the HTML report of a study for the dashboard's
// Report tab; nil leaves the tab saying that there is no renderer.
var reportRenderer func(ctx context.Context, r store.Reader, w io.Writer, studyID string) error = report.Render

// defaultAddr is where emergo serve listens unless told otherwise: this
// machine only, since the dashboard has no authentication.
const defaultAddr = "127.0.0.1:8080"

func (e *env) serveCmd() *cobra.Command {
	var addr, db string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve a read-only web dashboard of the results database",
		Long: `Serve a web dashboard of the studies in the results database (--db, default
` + defaultDB + `): every study with its progress, each study's tasks with their
status, time and error, each task's spec, metrics and artifacts, and the
study's HTML report. The pages of a running study update themselves every
two seconds, so the dashboard can watch 'emergo study' from another terminal.

The database is opened read-only, and the dashboard changes nothing. It has
no authentication: keep --addr on a loopback address (the default) unless
everyone who can reach the port may read every result. The same data are
served as JSON under /api/v1 (see the web package's documentation).
Stop the server with Ctrl-C.`,
		Example: "  emergo serve\n  emergo serve --addr 127.0.0.1:9000 --db runs/emergo.db",
		Args:    exactArgs(0, "no arguments"),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			host, _, err := net.SplitHostPort(addr)
			if err != nil {
				return usagef("--addr %q: want HOST:PORT, such as %s", addr, defaultAddr)
			}
			st, err := openResults(cmd.Context(), db)
			if err != nil {
				return err
			}
			defer st.Close()
			opt := &web.Options{Store: st, Version: Version}
			if render := reportRenderer; render != nil {
				opt.Report = func(ctx context.Context, w io.Writer, studyID string) error {
					return render(ctx, st, w, studyID)
				}
			}
			srv, err := web.New(e.serveLogger(), opt)
			if err != nil {
				return err
			}
			if !isLoopback(host) {
				fmt.Fprintf(e.stderr, "emergo: warning: --addr %s is not a loopback address, and the dashboard has no authentication: "+
					"anyone who can reach this port can read every result in %s\n", addr, store.Redact(db))
			}
			if err := srv.ListenAndServe(cmd.Context(), addr); err != nil {
				return webErr(err)
			}
			return nil
		}),
	}
	cmd.Flags().StringVar(&addr, "addr", defaultAddr, "listen on `HOST:PORT` (port 0 picks a free one)")
	cmd.Flags().StringVar(&db, "db", defaultDB, "results database: a SQLite `FILE` or a postgres:// URL")
	return cmd
}

// serveLogger logs the server's events (its URL, errors) on stderr as
// key=value lines without timestamps.
func (e *env) serveLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
}

// isLoopback reports whether host names this machine only: localhost or
// a loopback IP. The empty host (all interfaces) is not.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// webErr drops the web package's prefix ("web: cannot listen on ...")
// since the tool prints its own.
func webErr(err error) error {
	if m, ok := strings.CutPrefix(err.Error(), "web: "); ok {
		return errors.New(m)
	}
	return err
}
