package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/emergo/emergo/store"
)

//go:embed ui
var uiFS embed.FS

// asset is one embedded UI file, ready to serve.
type asset struct {
	name  string
	body  []byte
	ctype string
	// hash is a short content hash: the ETag, and the ?v= of the
	// versioned URLs that index.html refers to.
	hash string
}

// contentTypes maps the UI files' extensions to their media types (not
// taken from the system's MIME tables, which vary).
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".svg":  "image/svg+xml",
}

// loadAssets reads the embedded UI and rewrites index.html's references
// to /static/NAME as /static/NAME?v=HASH, so that browsers may cache the
// files for good and still see a new version at once.
func (s *Server) loadAssets() error {
	s.assets = map[string]*asset{}
	entries, err := fs.ReadDir(uiFS, "ui")
	if err != nil {
		return fmt.Errorf("web: embedded UI: %v", err)
	}
	for _, e := range entries {
		ctype, ok := contentTypes[path.Ext(e.Name())]
		if e.IsDir() || !ok {
			continue
		}
		b, err := uiFS.ReadFile("ui/" + e.Name())
		if err != nil {
			return fmt.Errorf("web: embedded UI: %v", err)
		}
		s.assets[e.Name()] = newAsset(e.Name(), b, ctype)
	}
	idx, ok := s.assets["index.html"]
	if !ok {
		return errors.New("web: embedded UI lacks index.html")
	}
	delete(s.assets, "index.html")
	html := string(idx.body)
	for name, a := range s.assets {
		html = strings.ReplaceAll(html, `"/static/`+name+`"`, `"/static/`+name+`?v=`+a.hash+`"`)
	}
	s.index = newAsset("index.html", []byte(html), idx.ctype)
	return nil
}

func newAsset(name string, body []byte, ctype string) *asset {
	sum := sha256.Sum256(body)
	return &asset{name: name, body: body, ctype: ctype, hash: hex.EncodeToString(sum[:6])}
}

// serve sends an asset with its ETag (so a revalidation costs a 304)
// and the given Cache-Control.
func (a *asset) serve(w http.ResponseWriter, r *http.Request, cacheControl string) {
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("ETag", `"`+a.hash+`"`)
	h.Set("Cache-Control", cacheControl)
	http.ServeContent(w, r, a.name, time.Time{}, bytes.NewReader(a.body))
}

func (s *Server) serveIndex(w http.ResponseWriter, r *http.Request) {
	s.index.serve(w, r, "no-cache")
}

// serveStatic serves a UI file: for a year when asked by its versioned
// URL, else revalidated on each use.
func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) {
	a, ok := s.assets[r.PathValue("file")]
	if !ok {
		s.writePageError(w, http.StatusNotFound, fmt.Sprintf("no file %s", r.URL.Path))
		return
	}
	cc := "no-cache"
	if r.URL.Query().Get("v") == a.hash {
		cc = "public, max-age=31536000, immutable"
	}
	a.serve(w, r, cc)
}

// serveReport renders the study's report (into memory first, so that a
// failure still gets its status code).
func (s *Server) serveReport(w http.ResponseWriter, r *http.Request) {
	if s.report == nil {
		s.writePageError(w, http.StatusNotImplemented,
			"no report renderer: this server was started without one, so study reports cannot be shown here")
		return
	}
	st, err := s.study(r.Context(), r.PathValue("ref"))
	if err == nil {
		var buf bytes.Buffer
		if err = s.report(r.Context(), &buf, st.ID); err == nil {
			h := w.Header()
			h.Set("Content-Type", "text/html; charset=utf-8")
			h.Set("Content-Security-Policy", cspDocument)
			h.Set("Content-Length", strconv.Itoa(buf.Len()))
			h.Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusOK)
			w.Write(buf.Bytes())
			return
		}
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.writePageError(w, http.StatusNotFound, errorText(err))
	case r.Context().Err() != nil:
	default:
		s.log.Error("cannot render a study report", "ref", r.PathValue("ref"), "err", err)
		s.writePageError(w, http.StatusInternalServerError, "cannot render the report: "+errorText(err))
	}
}

func (s *Server) servePageNotFound(w http.ResponseWriter, r *http.Request) {
	s.writePageError(w, http.StatusNotFound,
		fmt.Sprintf("no page %s: the dashboard is at /", r.URL.Path))
}

// errorPage is the small HTML page of an error outside the API.
var errorPage = template.Must(template.New("error").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><title>{{.Code}} {{.Status}} · emergo</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:2.5rem 1.5rem;color:#1d2330;background:#f6f7f9}
main{max-width:40rem;margin:0 auto;background:#fff;border:1px solid #e2e5ea;border-left:4px solid #d6336c;border-radius:8px;padding:1rem 1.5rem}
h1{font-size:1.1rem;margin:0 0 .5rem}p{margin:0;overflow-wrap:anywhere}
@media (prefers-color-scheme:dark){body{color:#e6e9ef;background:#0f1218}main{background:#171b23;border-color:#2a303b;border-left-color:#f06595}}
</style></head>
<body><main><h1>{{.Code}} {{.Status}}</h1><p>{{.Message}}</p></main></body></html>
`))

// writePageError writes an HTML error page.
func (s *Server) writePageError(w http.ResponseWriter, code int, msg string) {
	var buf bytes.Buffer
	errorPage.Execute(&buf, struct {
		Code            int
		Status, Message string
	}{code, http.StatusText(code), msg})
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", cspDocument)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}
