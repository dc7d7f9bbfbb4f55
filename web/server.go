package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/emergo/emergo/store"
)

// Options configures a Server.
type Options struct {
	// Store is where the results are read from (required).
	Store store.Reader
	// Report writes the HTML report of the study with the given ID; nil
	// means none, and the report page then says "no report renderer".
	Report func(ctx context.Context, w io.Writer, studyID string) error
	// Version is the emergo version that /api/v1/version reports.
	Version string
}

// Server is the dashboard: the JSON API and the embedded UI over one
// results store. It is safe for concurrent use.
type Server struct {
	log     *slog.Logger
	store   store.Reader
	report  func(ctx context.Context, w io.Writer, studyID string) error
	version string
	assets  map[string]*asset
	index   *asset
	handler http.Handler
}

// Timeouts of the HTTP server.
const (
	readHeaderTimeout = 10 * time.Second
	idleTimeout       = 2 * time.Minute
	// shutdownTimeout bounds the graceful shutdown: requests still
	// running then are cut.
	shutdownTimeout = 5 * time.Second
)

// Content-Security-Policy values. The UI may load only what the server
// serves; documents (the report, error pages) and artifacts may load
// nothing at all and only style themselves inline.
const (
	cspApp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
		"connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; " +
		"form-action 'none'; frame-ancestors 'self'"
	cspDocument = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; " +
		"base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
	cspArtifact = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
)

// New returns a dashboard server over opt.Store. A nil logger discards
// the log.
func New(logger *slog.Logger, opt *Options) (*Server, error) {
	if opt == nil || opt.Store == nil {
		return nil, errors.New("web: no results store given")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{log: logger, store: opt.Store, report: opt.Report, version: opt.Version}
	if err := s.loadAssets(); err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	s.routes(mux)
	s.handler = s.recoverPanics(s.headers(s.readOnly(mux)))
	return s, nil
}

// Handler returns the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/version", s.apiVersion)
	mux.HandleFunc("GET /api/v1/studies", s.apiStudies)
	mux.HandleFunc("GET /api/v1/studies/{ref}", s.apiStudy)
	mux.HandleFunc("GET /api/v1/studies/{ref}/tasks", s.apiStudyTasks)
	mux.HandleFunc("GET /api/v1/studies/{ref}/metrics", s.apiStudyMetrics)
	mux.HandleFunc("GET /api/v1/tasks/{key}", s.apiTask)
	mux.HandleFunc("GET /api/v1/tasks/{key}/artifacts/{name...}", s.apiArtifact)
	mux.HandleFunc("GET /api/", s.apiUnknown)

	mux.HandleFunc("GET /{$}", s.serveIndex)
	mux.HandleFunc("GET /static/{file}", s.serveStatic)
	mux.HandleFunc("GET /studies/{ref}/report", s.serveReport)
	mux.HandleFunc("GET /", s.servePageNotFound)
}

// ListenAndServe listens on the TCP address addr ("127.0.0.1:8080") and
// serves the dashboard until ctx is cancelled, then shuts down
// gracefully and returns nil. A port already taken is reported clearly.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return listenError(addr, err)
	}
	return s.Serve(ctx, ln)
}

// listenError explains why listening on addr failed.
func listenError(addr string, err error) error {
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("web: cannot listen on %s: address already in use (is another emergo serve running? choose another --addr)", addr)
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		err = oe.Err // drop "listen tcp ADDR:", which the message says
	}
	return fmt.Errorf("web: cannot listen on %s: %v", addr, err)
}

// Serve serves the dashboard on ln until ctx is cancelled, then shuts
// down gracefully (requests still running after a few seconds are cut)
// and returns nil. It closes ln.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: readHeaderTimeout,
		IdleTimeout:       idleTimeout,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	s.log.Info("serving the emergo dashboard", "url", URL(ln.Addr()))
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("web: serving on %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		s.log.Warn("dashboard shutdown cut requests still running", "err", err)
		hs.Close()
	}
	<-errc // http.ErrServerClosed
	s.log.Info("dashboard stopped")
	return nil
}

// URL is the address of the dashboard served on addr, for people:
// an unspecified IP (0.0.0.0, ::) is shown as localhost.
func URL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String() + "/"
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

// readOnly answers every method but GET and HEAD with 405.
func (s *Server) readOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Allow", "GET, HEAD")
		msg := fmt.Sprintf("method %s is not allowed: the dashboard is read-only (GET and HEAD only)", r.Method)
		if isAPI(r) {
			s.writeError(w, r, http.StatusMethodNotAllowed, kindMethodNotAllowed, msg)
			return
		}
		s.writePageError(w, http.StatusMethodNotAllowed, msg)
	})
}

// headers sets the security headers every response carries; handlers
// may replace the Content-Security-Policy with a stricter one.
func (s *Server) headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", cspApp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "SAMEORIGIN")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// recoverPanics turns a panicking handler into a logged internal error
// rather than a dropped connection.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("dashboard handler panicked", "method", r.Method, "path", r.URL.Path,
				"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			msg := fmt.Sprintf("internal error while serving %s (this is a bug; the server log has the details)", r.URL.Path)
			if isAPI(r) {
				s.writeError(w, r, http.StatusInternalServerError, kindInternal, msg)
				return
			}
			s.writePageError(w, http.StatusInternalServerError, msg)
		}()
		next.ServeHTTP(w, r)
	})
}

// isAPI reports whether r is for the JSON API.
func isAPI(r *http.Request) bool {
	return r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/")
}
