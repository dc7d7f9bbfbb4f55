package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBinary builds the real emergo binary and runs it as a user would:
// exit statuses, streams and the Ctrl-C path.
func TestBinary(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool on PATH to build the binary")
	}
	bin := filepath.Join(t.TempDir(), "emergo")
	if out, err := exec.Command(gobin, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	run := func(args ...string) (stdout, stderr string, code int) {
		cmd := exec.Command(bin, args...)
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		err := cmd.Run()
		var ee *exec.ExitError
		switch {
		case errors.As(err, &ee):
			code = ee.ExitCode()
		case err != nil:
			t.Fatalf("running %v: %v", args, err)
		}
		return o.String(), e.String(), code
	}

	if out, _, code := run("version"); code != 0 || !strings.HasPrefix(out, "emergo v") {
		t.Errorf("version: status %d, output %q", code, out)
	}
	out, errOut, code := run("simulate", "MackeyGlass", "--steps", "10")
	if code != 0 || !strings.HasPrefix(out, "time,x\n") || strings.Count(out, "\n") != 12 {
		t.Errorf("simulate MackeyGlass --steps 10: status %d, %d lines (want header + 11 rows):\n%s%s",
			code, strings.Count(out, "\n"), out, errOut)
	}
	if !strings.HasPrefix(errOut, "MackeyGlass: 10 steps") {
		t.Errorf("summary on stderr: %q", errOut)
	}
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"simulate", "NoSuchSystem"}, 1, `emergo: unknown system "NoSuchSystem"`},
		{[]string{"simulate", "MackeyGlass", "--steps", "5", "--time", "5"}, 2, "emergo: --steps and --time are mutually exclusive"},
		{[]string{"simulate", "MackeyGlass", "--param", "tau=-1"}, 1, "emergo: MackeyGlass: parameter tau=-1 is out of range"},
		{[]string{"bogus"}, 2, `emergo: unknown command "bogus"`},
	} {
		out, errOut, code := run(c.args...)
		if code != c.code || !strings.HasPrefix(errOut, c.msg) || out != "" {
			t.Errorf("emergo %v: status %d (want %d), stderr %q (want prefix %q), stdout %q",
				c.args, code, c.code, errOut, c.msg, out)
		}
	}

	if runtime.GOOS == "windows" {
		return
	}
	// Ctrl-C: a long run stops with status 130, a message, and no file.
	path := filepath.Join(t.TempDir(), "long.csv")
	cmd := exec.Command(bin, "simulate", "MackeyGlass", "--steps", "2000000", "--out", path)
	var e bytes.Buffer
	cmd.Stderr = &e
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the output file exists: main has installed its signal
	// handler and the simulation has begun.
	for i := 0; i < 200; i++ {
		if _, err := os.Stat(path); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 || !strings.Contains(e.String(), "emergo: MackeyGlass interrupted after") {
		t.Errorf("after SIGINT: %v, stderr %q; want status 130 and an interruption message", err, e.String())
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("interrupted run left %s", path)
	}
}
