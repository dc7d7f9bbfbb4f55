package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emergo/emergo/store"
)

// emergoServe runs `emergo serve ARGS` in-process. Until cli.go
// registers the command on the root, it adds serveCmd itself and maps
// errors as Main does.
func emergoServe(t *testing.T, ctx context.Context, args ...string) result {
	t.Helper()
	args = append([]string{"serve"}, args...)
	probe := &env{stdout: io.Discard, stderr: io.Discard, now: time.Now}
	for _, c := range probe.newRoot().Commands() {
		if c.Name() == "serve" {
			return emergoCtx(t, ctx, args...)
		}
	}
	var o, e bytes.Buffer
	en := &env{stdout: &o, stderr: &e, now: time.Now}
	root := en.newRoot()
	root.AddCommand(en.serveCmd())
	root.SetArgs(args)
	_, err := root.ExecuteContextC(ctx)
	var ce *commandError
	var u *UsageError
	switch {
	case errors.As(err, &ce):
		err = ce.err
	case err != nil && !errors.As(err, &u):
		err = &UsageError{Err: err}
	}
	if err != nil {
		fmt.Fprintf(&e, "emergo: %v\n", err)
	}
	return result{o.String(), e.String(), ExitCode(err)}
}

// freeAddr returns a loopback address whose port was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestServeErrors(t *testing.T) {
	db := resultsDB(t)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	missing := filepath.Join(t.TempDir(), "none.db")
	tests := []struct {
		args      []string
		code      int
		fragments []string
	}{
		{[]string{"--addr", busy.Addr().String(), "--db", db}, ExitFailure,
			[]string{"cannot listen on " + busy.Addr().String() + ": address already in use (is another emergo serve running? choose another --addr)"}},
		{[]string{"--db", missing}, ExitFailure, []string{"no results database at " + missing + ": run `emergo study` first"}},
		{[]string{"--addr", "8080", "--db", db}, ExitUsage, []string{`--addr "8080": want HOST:PORT, such as 127.0.0.1:8080`}},
		{[]string{"--addr", "127.0.0.1:99999", "--db", db}, ExitFailure, []string{"cannot listen on 127.0.0.1:99999", "invalid port"}},
		{[]string{"extra", "--db", db}, ExitUsage, []string{"takes no arguments"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := emergoServe(t, context.Background(), tt.args...)
			r.wantFail(t, tt.code, tt.fragments...)
		})
	}
}

// A context cancelled before the start still runs the whole command:
// open, warn, listen, shut down at once.
func TestServeLoopbackWarning(t *testing.T) {
	db := resultsDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		addr string
		warn bool
	}{
		{"127.0.0.1:0", false},
		{"localhost:0", false},
		{"[::1]:0", false},
		{"0.0.0.0:0", true},
		{":0", true},
	}
	for _, tt := range tests {
		r := emergoServe(t, ctx, "--addr", tt.addr, "--db", db)
		if tt.addr == "[::1]:0" && r.code != 0 && strings.Contains(r.stderr, "cannot listen") {
			continue // no IPv6 on this machine
		}
		r.wantOK(t)
		if got := strings.Contains(r.stderr, "is not a loopback address"); got != tt.warn {
			t.Errorf("--addr %s: warning shown %v, want %v; stderr %q", tt.addr, got, tt.warn, r.stderr)
		}
		if !strings.Contains(r.stderr, "serving the emergo dashboard") || !strings.Contains(r.stderr, "dashboard stopped") {
			t.Errorf("--addr %s: stderr %q lacks the serving and stopping log lines", tt.addr, r.stderr)
		}
	}
}

func TestServeDashboard(t *testing.T) {
	db := resultsDB(t)
	addr := freeAddr(t)
	saved := reportRenderer
	defer func() { reportRenderer = saved }()
	reportRenderer = func(ctx context.Context, r store.Reader, w io.Writer, studyID string) error {
		st, err := r.Study(ctx, studyID)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "<!doctype html><p>report of %s (%d tasks)</p>", st.Name, st.Tasks)
		return err
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan result, 1)
	go func() { done <- emergoServe(t, ctx, "--addr", addr, "--db", db) }()

	base := "http://" + addr
	get := func(path string) (int, string) {
		t.Helper()
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	// Wait for the server to answer (or the command to fail).
	deadline := time.Now().Add(20 * time.Second)
	for {
		res, err := http.Get(base + "/api/v1/version")
		if err == nil {
			res.Body.Close()
			break
		}
		select {
		case r := <-done:
			t.Fatalf("serve ended early: %d %s", r.code, r.stderr)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("the dashboard did not answer at %s: %v", base, err)
		}
	}

	code, body := get("/api/v1/studies")
	var env struct {
		Status string `json:"status"`
		Data   []struct {
			ID    string `json:"id"`
			Name  string `json:"name"`
			Tasks int    `json:"tasks"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(body), &env); err != nil || code != 200 || env.Status != "success" ||
		len(env.Data) != 2 || env.Data[0].ID != demoID || env.Data[0].Tasks != 4 {
		t.Errorf("studies: %d %s (%v)", code, body, err)
	}
	if code, body := get("/api/v1/version"); code != 200 || !strings.Contains(body, `"version":"`+Version+`"`) || !strings.Contains(body, `"report":true`) {
		t.Errorf("version: %d %s", code, body)
	}
	if code, body := get("/studies/demo/report"); code != 200 || !strings.Contains(body, "report of demo (4 tasks)") {
		t.Errorf("report: %d %s", code, body)
	}
	if code, body := get("/"); code != 200 || !strings.Contains(body, "/static/app.js") {
		t.Errorf("index: %d %.200s", code, body)
	}

	cancel()
	r := <-done
	r.wantOK(t)
	if !strings.Contains(r.stderr, "url=http://"+addr+"/") {
		t.Errorf("stderr lacks the URL: %q", r.stderr)
	}
}

func TestIsLoopback(t *testing.T) {
	tests := []struct {
		host string
		want bool
	}{
		{"127.0.0.1", true},
		{"127.1.2.3", true},
		{"::1", true},
		{"localhost", true},
		{"LocalHost", true},
		{"", false},
		{"0.0.0.0", false},
		{"::", false},
		{"192.168.1.10", false},
		{"example.org", false},
	}
	for _, tt := range tests {
		if got := isLoopback(tt.host); got != tt.want {
			t.Errorf("isLoopback(%q) = %v, want %v", tt.host, got, tt.want)
		}
	}
}
