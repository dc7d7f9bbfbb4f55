// Command emergo simulates the catalogue of complex systems, lists and
// exports the shipped real data sets, and runs a demonstration. Run
// 'emergo --help' for the commands; package internal/cli implements them.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/emergo/emergo/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
