package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/emergo/emergo/store"
)

// chromium finds a Chromium-family browser, or skips the test (fails it
// when EMERGO_BROWSER_TEST=1, as in CI).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("EMERGO_BROWSER_TEST") == "1" {
		t.Fatal("chromium not found; CI must install Debian's chromium")
	}
	t.Skip("chromium not found (install Debian's chromium; EMERGO_BROWSER_TEST=1 makes this a failure)")
	return ""
}

// fakeReport is a report page like the real one: inline styles and an
// inline SVG chart.
func fakeReport(ctx context.Context, w io.Writer, studyID string) error {
	_, err := fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>report</title>
<style>body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}h1{font-size:1.4rem}svg{max-width:100%%;height:auto}</style></head>
<body><h1>Study report</h1><p>Study <code>%s</code>: test error vs parameters.</p>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 420 240" width="420" height="240" role="img" aria-label="scaling">
<rect x="0" y="0" width="420" height="240" fill="#fff"/>
<line x1="50" y1="200" x2="400" y2="200" stroke="#333"/><line x1="50" y1="20" x2="50" y2="200" stroke="#333"/>
<polyline fill="none" stroke="#1971c2" stroke-width="2" points="60,60 120,90 180,120 240,140 300,170 360,180"/>
<circle cx="60" cy="60" r="3" fill="#1971c2"/><circle cx="180" cy="120" r="3" fill="#1971c2"/><circle cx="360" cy="180" r="3" fill="#1971c2"/>
<text x="225" y="230" text-anchor="middle" font-size="12">parameters</text>
</svg></body></html>`, studyID)
	return err
}

// consoleLog collects the page's error messages and exceptions.
type consoleLog struct {
	mu       sync.Mutex
	problems []string
	warnings []string
	// expected are URL fragments whose failed loads the test causes on
	// purpose (its not-found checks).
	expected []string
}

func (c *consoleLog) listen(ev any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		var parts []string
		for _, a := range e.Args {
			if len(a.Value) > 0 {
				parts = append(parts, string(a.Value))
			} else {
				parts = append(parts, a.Description)
			}
		}
		msg := fmt.Sprintf("console.%s: %s", e.Type, strings.Join(parts, " "))
		switch e.Type {
		case runtime.ConsoleAPICalledTypeError, runtime.ConsoleAPICalledTypeAssert:
			c.problems = append(c.problems, msg)
		case runtime.ConsoleAPICalledTypeWarning:
			c.warnings = append(c.warnings, msg)
		}
	case *runtime.EventExceptionThrown:
		d := e.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		c.problems = append(c.problems, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
	case *cdplog.EventEntryAdded:
		en := e.Entry
		msg := fmt.Sprintf("browser log (%s, %s): %s %s", en.Level, en.Source, en.Text, en.URL)
		switch en.Level {
		case cdplog.EntryLevelError:
			for _, x := range c.expected {
				if strings.Contains(en.URL, x) {
					return
				}
			}
			c.problems = append(c.problems, msg)
		case cdplog.EntryLevelWarning:
			c.warnings = append(c.warnings, msg)
		}
	}
}

func (c *consoleLog) report(t *testing.T) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, w := range c.warnings {
		t.Logf("browser warning: %s", w)
	}
	for _, p := range c.problems {
		t.Errorf("browser error: %s", p)
	}
}

// TestBrowser drives headless Chromium through the dashboard: the study
// list, a study's tasks and counts, a failed task's error, a task's
// inline SVG artifact, the report tab's SVG chart, the error messages of
// unknown study and task, and the live update of a running task.
func TestBrowser(t *testing.T) {
	exe := chromium(t)
	start := time.Now()
	shots := os.Getenv("EMERGO_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}

	// The server, over the fixture.
	f := newFixture()
	var serverLog syncBuffer
	srv, err := New(slog.New(slog.NewTextHandler(&serverLog, nil)), &Options{Store: f, Report: fakeReport, Version: "v0.1.0-test"})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sctx, stopServer := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(sctx, ln) }()
	defer func() {
		stopServer()
		if err := <-served; err != nil {
			t.Errorf("server: %v", err)
		}
		if strings.Contains(serverLog.String(), "level=ERROR") {
			t.Errorf("server log has errors:\n%s", serverLog.String())
		}
	}()
	base := "http://" + ln.Addr().String()

	// The browser: everything below must finish within a minute.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox, // tests run as root in CI containers
		chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-extensions", true),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()

	cl := &consoleLog{expected: []string{"/api/v1/studies/nope", "/api/v1/tasks/zzz"}}
	if err := chromedp.Listen(bctx, cl.listen); err != nil {
		t.Fatalf("starting chromium %s: %v", exe, err)
	}
	defer cl.report(t)

	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	eval := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(bctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("evaluating %s: %v", expr, err)
		}
		return v
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return v
	}
	poll := func(what, expr string) {
		t.Helper()
		if _, err := chromedp.Run(bctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(15*time.Second))); err != nil {
			t.Fatalf("waiting for %s (%s): %v", what, expr, err)
		}
	}
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	goHash := func(hash string) {
		t.Helper()
		eval(`location.hash = ` + jsString(hash))
	}

	// The study list.
	step("load the study list", chromedp.Navigate(base+"/#/"),
		chromedp.WaitVisible(chromedp.CSS(`#studies tr[data-study="`+scalingID+`"]`)))
	if n := eval(`String(document.querySelectorAll('#studies tbody tr').length)`); n != "2" {
		t.Errorf("%s study rows, want 2", n)
	}
	if row := text(`#studies tr[data-study="` + scalingID + `"]`); !strings.Contains(row, "lorenz-scaling") ||
		!strings.Contains(row, "9/10") || !strings.Contains(row, "running") {
		t.Errorf("study row %q lacks the name, 9/10 finished or the running badge", row)
	}
	poll("the server version in the top bar", `document.getElementById('server-version').textContent === 'emergo v0.1.0-test'`)
	shot("studies.png")

	// Click through to the study.
	step("open the study", chromedp.Click(chromedp.CSS(`#studies tr[data-study="`+scalingID+`"] a`)),
		chromedp.WaitVisible(chromedp.CSS(`#tasks tbody tr[data-key]`)))
	if n := eval(`String(document.querySelectorAll('#tasks tbody tr[data-key]').length)`); n != "10" {
		t.Errorf("%s task rows, want 10", n)
	}
	counts := eval(`[...document.querySelectorAll('[data-count]')].map(e => e.dataset.count + '=' + e.textContent).join(' ')`)
	if want := "tasks=10 done=8 running=1 pending=0 failed=1"; counts != want {
		t.Errorf("counts %q, want %q", counts, want)
	}
	if row := text(`tr[data-key="` + failedKey + `"]`); !strings.Contains(row, "failed") || !strings.Contains(row, "diverged at step 412") {
		t.Errorf("failed task row %q lacks its status or error", row)
	}
	if live := text(`.live`); !strings.Contains(live, "live") {
		t.Errorf("live indicator %q while a task runs", live)
	}
	// The filters.
	filter := func(sel, value string) string {
		return eval(`(() => { const s = document.querySelector(` + jsString(sel) + `); s.value = ` + jsString(value) +
			`; s.dispatchEvent(new Event('change')); return String(document.querySelectorAll('#tasks tbody tr[data-key]').length); })()`)
	}
	if n := filter("#status-filter", "failed"); n != "1" {
		t.Errorf("status filter failed: %s rows, want 1", n)
	}
	if n := filter("#kind-filter", "train"); n != "1" {
		t.Errorf("status failed and kind train: %s rows, want 1", n)
	}
	if n := filter("#status-filter", ""); n != "7" {
		t.Errorf("kind filter train: %s rows, want 7", n)
	}
	if n := filter("#kind-filter", ""); n != "10" {
		t.Errorf("no filter: %s rows, want 10", n)
	}
	shot("study.png")

	// The failed task shows its error.
	step("open the failed task", chromedp.Click(chromedp.CSS(`tr[data-key="`+failedKey+`"] a`)),
		chromedp.WaitVisible(chromedp.CSS(`.task-error`)))
	if got := text(`.task-error`); !strings.Contains(got, "diverged at step 412: state [NaN NaN NaN]") || !strings.Contains(got, "lower the spectral radius") {
		t.Errorf("task error %q", got)
	}
	if got := text(`.crumbs`); !strings.Contains(got, "lorenz-scaling") {
		t.Errorf("breadcrumbs %q lack the study", got)
	}
	shot("task-failed.png")

	// A task with metrics (NaN shown as a dash) and an inline SVG artifact.
	goHash("#/task/" + systemKey)
	step("open the system task", chromedp.WaitVisible(chromedp.CSS(`#metrics`)))
	poll("the SVG artifact to load", `(() => { const i = document.querySelector('figure img'); return !!i && i.complete && i.naturalWidth > 0; })()`)
	if got := text(`#metrics`); !strings.Contains(got, "lambda1") || !strings.Contains(got, "0.9056") || !strings.Contains(got, "—") {
		t.Errorf("metrics table %q", got)
	}
	if got := text(`#artifacts`); !strings.Contains(got, "spectrum.svg") || !strings.Contains(got, "image/svg+xml") {
		t.Errorf("artifacts table %q", got)
	}
	if got := text(`pre.spec`); !strings.Contains(got, `"name": "Lorenz"`) {
		t.Errorf("spec not pretty-printed: %q", got)
	}
	shot("task.png")

	// The report tab: the iframe holds a plotted SVG chart.
	goHash("#/study/" + scalingID + "/report")
	poll("the report's SVG chart", `(() => {
		const f = document.querySelector('iframe.report');
		const d = f && f.contentDocument;
		const svg = d && d.querySelector('svg');
		return !!svg && svg.childElementCount > 0 && svg.querySelectorAll('polyline, circle').length >= 4;
	})()`)
	shot("report.png")

	// API errors are shown, not blank pages.
	goHash("#/study/nope")
	poll("the unknown study's error", `(document.querySelector('.alert') || {}).textContent?.includes('no study "nope"')`)
	goHash("#/task/zzz")
	poll("the unknown task's error", `(document.querySelector('.alert') || {}).textContent?.includes('task zzz: not found')`)
	shot("not-found.png")

	// Live update: the running task finishes while the page is open.
	goHash("#/study/" + scalingID)
	poll("the running task's row", `document.querySelector('tr[data-key="`+runningKey+`"]')?.dataset.status === 'running'`)
	f.setStatus(runningKey, store.Done, fixtureTime.Add(20*time.Minute), 42.5)
	poll("the task to show as done without a reload", `document.querySelector('tr[data-key="`+runningKey+`"]')?.dataset.status === 'done' &&
		document.querySelector('[data-count="done"]').textContent === '9' &&
		document.querySelector('[data-count="running"]').textContent === '0'`)
	poll("the live indicator to say complete", `!!document.querySelector('.live.complete')`)
	shot("study-done.png")

	// Dark mode and a phone-sized screen.
	if _, err := chromedp.Call(bctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
	}); err != nil {
		t.Fatal(err)
	}
	shot("study-dark.png")
	goHash("#/task/" + systemKey)
	step("task page in dark mode", chromedp.WaitVisible(chromedp.CSS(`#metrics`)))
	poll("the SVG artifact to load", `(() => { const i = document.querySelector('figure img'); return !!i && i.complete && i.naturalWidth > 0; })()`)
	shot("task-dark.png")
	goHash("#/study/" + scalingID)
	step("narrow study page", chromedp.EmulateViewport(390, 844), chromedp.WaitVisible(chromedp.CSS(`#tasks tbody tr[data-key]`)))
	shot("study-narrow.png")

	t.Logf("browser test took %v; screenshots in %s", time.Since(start).Round(10*time.Millisecond), shots)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return fmt.Sprintf("%q", s)
}
