package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
)

func TestNewNeedsStore(t *testing.T) {
	for _, opt := range []*Options{nil, {}} {
		if _, err := New(nil, opt); err == nil || !strings.Contains(err.Error(), "no results store") {
			t.Errorf("New(%+v): %v", opt, err)
		}
	}
}

func TestPages(t *testing.T) {
	s, _ := newTestServer(t, newFixture())
	appJS, _ := uiFS.ReadFile("ui/app.js")
	css, _ := uiFS.ReadFile("ui/style.css")
	tests := []struct {
		target   string
		code     int
		ctype    string
		cache    string
		contains string
	}{
		{"/", 200, "text/html; charset=utf-8", "no-cache", `<script src="/static/app.js?v=` + s.assets["app.js"].hash + `" defer>`},
		{"/static/app.js", 200, "text/javascript; charset=utf-8", "no-cache", string(appJS)},
		{"/static/app.js?v=" + s.assets["app.js"].hash, 200, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", "'use strict'"},
		{"/static/app.js?v=stale", 200, "text/javascript; charset=utf-8", "no-cache", "'use strict'"},
		{"/static/style.css", 200, "text/css; charset=utf-8", "no-cache", string(css)},
		{"/static/favicon.svg", 200, "image/svg+xml", "no-cache", "<svg"},
		{"/static/index.html", 404, "text/html; charset=utf-8", "no-store", "no file /static/index.html"},
		{"/static/nope.js", 404, "text/html; charset=utf-8", "no-store", "no file /static/nope.js"},
		{"/index.html", 404, "text/html; charset=utf-8", "no-store", "no page /index.html"},
		{"/studies/lorenz-scaling/report", 200, "text/html; charset=utf-8", "no-store", "report of " + scalingID},
		{"/studies/" + scalingID[:6] + "/report", 200, "text/html; charset=utf-8", "no-store", "report of " + scalingID},
		{"/studies/nope/report", 404, "text/html; charset=utf-8", "no-store", "no study &#34;nope&#34;"},
		{"/studies/quick-check/report", 500, "text/html; charset=utf-8", "no-store", "cannot render the report: report: study quick-check has no scaling results"},
	}
	for _, tt := range tests {
		rec := do(t, s.Handler(), "GET", tt.target)
		h := rec.Header()
		if rec.Code != tt.code || h.Get("Content-Type") != tt.ctype || h.Get("Cache-Control") != tt.cache {
			t.Errorf("%s: %d %q %q, want %d %q %q", tt.target, rec.Code, h.Get("Content-Type"), h.Get("Cache-Control"), tt.code, tt.ctype, tt.cache)
		}
		if !strings.Contains(rec.Body.String(), tt.contains) {
			t.Errorf("%s: body lacks %q:\n%.300s", tt.target, tt.contains, rec.Body)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(h.Get("Content-Security-Policy"), "default-src ") {
			t.Errorf("%s: security headers %v", tt.target, h)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	s, _ := newTestServer(t, newFixture())
	tests := []struct {
		target string
		csp    string
	}{
		{"/", cspApp},
		{"/static/app.js", cspApp},
		{"/api/v1/studies", cspApp},
		{"/studies/lorenz-scaling/report", cspDocument},
		{"/nope", cspDocument},
		{artifactURL(systemKey, "spectrum.svg"), cspArtifact},
	}
	for _, tt := range tests {
		h := do(t, s.Handler(), "GET", tt.target).Header()
		if h.Get("Content-Security-Policy") != tt.csp || h.Get("X-Content-Type-Options") != "nosniff" ||
			h.Get("X-Frame-Options") != "SAMEORIGIN" || h.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s: headers %v", tt.target, h)
		}
	}
	// The UI may load only from the server itself, and no inline script
	// anywhere.
	for _, csp := range []string{cspApp, cspDocument, cspArtifact} {
		if strings.Contains(csp, "http") || strings.Contains(csp, "*") || strings.Contains(csp, "script-src 'unsafe") {
			t.Errorf("CSP allows too much: %s", csp)
		}
	}
}

func TestStaticRevalidation(t *testing.T) {
	s, _ := newTestServer(t, newFixture())
	etag := do(t, s.Handler(), "GET", "/static/style.css").Header().Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	if rec := do(t, s.Handler(), "GET", "/static/style.css", "If-None-Match", etag); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("revalidation: %d, %d bytes", rec.Code, rec.Body.Len())
	}
	if rec := do(t, s.Handler(), "GET", "/static/style.css", "If-None-Match", `"other"`); rec.Code != http.StatusOK {
		t.Errorf("changed file: %d", rec.Code)
	}
}

// The UI refers only to files the server has.
func TestIndexReferences(t *testing.T) {
	s, _ := newTestServer(t, newFixture())
	html := string(s.index.body)
	for name, a := range s.assets {
		if !strings.Contains(html, "/static/"+name+"?v="+a.hash) {
			t.Errorf("index.html does not use the versioned URL of %s", name)
		}
	}
	for _, ext := range []string{"http://", "https://", "//cdn", "fonts.googleapis"} {
		for name, a := range s.assets {
			if strings.Contains(string(a.body), ext) && !(name == "favicon.svg" && ext == "http://") {
				t.Errorf("%s refers to %q: the UI must not load from the network", name, ext)
			}
		}
		if strings.Contains(html, ext) {
			t.Errorf("index.html refers to %q", ext)
		}
	}
}

func TestPageMethods(t *testing.T) {
	s, _ := newTestServer(t, newFixture())
	for _, m := range []string{"POST", "PUT", "PATCH", "DELETE", "OPTIONS"} {
		rec := do(t, s.Handler(), m, "/")
		if rec.Code != 405 || rec.Header().Get("Allow") != "GET, HEAD" || !strings.Contains(rec.Body.String(), "read-only") ||
			!strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			t.Errorf("%s /: %d %v", m, rec.Code, rec.Header())
		}
	}
	rec := do(t, s.Handler(), "HEAD", "/")
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("HEAD /: %d %v", rec.Code, rec.Header())
	}
}

func TestNoReportRenderer(t *testing.T) {
	s, err := New(nil, &Options{Store: newFixture()})
	if err != nil {
		t.Fatal(err)
	}
	rec := do(t, s.Handler(), "GET", "/studies/lorenz-scaling/report")
	if rec.Code != http.StatusNotImplemented || !strings.Contains(rec.Body.String(), "no report renderer") {
		t.Errorf("%d %s", rec.Code, rec.Body)
	}
}

func TestPanicRecovered(t *testing.T) {
	var logBuf bytes.Buffer
	s, err := New(slog.New(slog.NewTextHandler(&logBuf, nil)), &Options{
		Store: newFixture(),
		Report: func(context.Context, io.Writer, string) error {
			panic("renderer bug")
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	rec := do(t, s.Handler(), "GET", "/studies/lorenz-scaling/report")
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), "this is a bug") || !strings.Contains(logBuf.String(), "renderer bug") {
		t.Errorf("%d %s; log %s", rec.Code, rec.Body, logBuf.String())
	}
}

func TestListenAddressInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	s, _ := newTestServer(t, newFixture())
	addr := ln.Addr().String()
	err = s.ListenAndServe(context.Background(), addr)
	want := "web: cannot listen on " + addr + ": address already in use (is another emergo serve running? choose another --addr)"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
	err = s.ListenAndServe(context.Background(), "127.0.0.1:99999")
	if err == nil || !strings.HasPrefix(err.Error(), "web: cannot listen on 127.0.0.1:99999: ") || !strings.Contains(err.Error(), "invalid port") {
		t.Errorf("bad port: %v", err)
	}
}

func TestServeUntilCancelled(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var logBuf syncBuffer
	s, err := New(slog.New(slog.NewTextHandler(&logBuf, nil)), &Options{Store: newFixture(), Version: "v9"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()

	url := "http://" + ln.Addr().String()
	res, err := http.Get(url + "/api/v1/version")
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `"version":"v9"`) {
		t.Errorf("%d %s", res.StatusCode, body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Serve after cancel: %v", err)
	}
	if _, err := http.Get(url + "/"); err == nil {
		t.Error("the server still answers after shutdown")
	}
	if log := logBuf.String(); !strings.Contains(log, "url="+url+"/") || !strings.Contains(log, "dashboard stopped") {
		t.Errorf("log: %s", log)
	}
}

func TestURL(t *testing.T) {
	tests := []struct {
		addr net.Addr
		want string
	}{
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}, "http://127.0.0.1:8080/"},
		{&net.TCPAddr{IP: net.IPv4zero, Port: 80}, "http://localhost:80/"},
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 8080}, "http://localhost:8080/"},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 8080}, "http://[::1]:8080/"},
	}
	for _, tt := range tests {
		if got := URL(tt.addr); got != tt.want {
			t.Errorf("URL(%v) = %s, want %s", tt.addr, got, tt.want)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for a logger on another goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
