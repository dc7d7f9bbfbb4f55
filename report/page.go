package report

import (
	"html/template"
	"strings"
)

var funcs = template.FuncMap{
	"cell": func(s string) template.HTML {
		if b, ok := strings.CutPrefix(s, "**"); ok {
			return template.HTML("<strong>" + template.HTMLEscapeString(b) + "</strong>")
		}
		return template.HTML(template.HTMLEscapeString(s))
	},
	"short": func(s string) string {
		if len(s) > 12 {
			return s[:12]
		}
		return s
	},
	"anchor":    func(s string) string { return "sys-" + slug(s) },
	"expanchor": func(s string) string { return "exp-" + slug(s) },
	"g":         func(v float64) string { return num(v) },
	"first": func(s string) string {
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			return s[:i]
		}
		return s
	},
}

// slug lowercases s and replaces every character but letters and digits
// with a hyphen (HTML ids).
func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}

var page = template.Must(template.New("report").Funcs(funcs).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="emergo">
<title>emergo report: {{.Study.Name}}</title>
<style>
:root { --fg: #1d2330; --muted: #5b6475; --line: #dde1e8; --bg: #ffffff; --panel: #f6f7f9; --accent: #0072b2; --bad: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 28px 40px 18px; border-bottom: 1px solid var(--line); background: var(--panel); }
header h1 { margin: 0 0 6px; font-size: 26px; }
header p { margin: 4px 0; color: var(--muted); max-width: 70em; }
nav { padding: 10px 40px; border-bottom: 1px solid var(--line); font-size: 14px; position: sticky; top: 0; background: var(--bg); z-index: 2; }
nav a { margin-right: 16px; color: var(--accent); text-decoration: none; }
main { padding: 10px 40px 60px; }
section { margin: 34px 0; }
h2 { font-size: 21px; border-bottom: 2px solid var(--fg); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 22px 0 6px; }
.meta { font-size: 13px; color: var(--muted); }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 22px; }
figure { margin: 0; padding: 12px; border: 1px solid var(--line); border-radius: 8px; background: var(--bg); }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 6px; }
table { border-collapse: collapse; font-size: 13.5px; margin: 8px 0 4px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 10px; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
th { background: var(--panel); font-weight: 600; }
.caption { font-size: 13px; color: var(--muted); max-width: 70em; }
.bad { color: var(--bad); }
.notes li { color: var(--muted); font-size: 13px; }
.stat { display: inline-block; margin-right: 22px; }
.stat b { font-size: 18px; }
.experiment table { display: block; overflow-x: auto; max-width: 100%; }
.kv { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 2px 18px; font-size: 13.5px; max-width: 75em; }
.kv div { display: flex; justify-content: space-between; border-bottom: 1px solid var(--line); padding: 3px 0; }
.kv span { color: var(--muted); margin-right: 10px; overflow-wrap: anywhere; }
pre { background: var(--panel); padding: 12px; overflow-x: auto; font-size: 12.5px; border-radius: 6px; }
</style>
</head>
<body>
<header>
<h1>emergo study: {{.Study.Name}}</h1>
{{with .Spec}}{{if .Description}}<p>{{.Description}}</p>{{end}}{{end}}
<p class="meta">study {{short .Study.ID}} · {{.Study.Version}} · report generated {{.Generated}}</p>
<p><span class="stat"><b>{{.Study.Tasks}}</b> tasks</span><span class="stat"><b>{{.Study.Done}}</b> done</span>{{if .Study.Failed}}<span class="stat bad"><b>{{.Study.Failed}}</b> failed</span>{{end}}{{if .Pending}}<span class="stat"><b>{{.Pending}}</b> pending or running</span>{{end}}</p>
</header>
<nav>{{if or .Systems .Failed}}<a href="#summary">Summary</a>{{end}}{{range .Systems}}<a href="#{{anchor .Label}}">{{.Label}}</a>{{end}}{{if .Scaling}}<a href="#scaling">Scaling</a>{{end}}{{range .Experiments}}<a href="#{{expanchor .Label}}">{{.Label}}</a>{{end}}<a href="#spec">Spec</a></nav>
<main>
<section id="summary">
{{if or .Systems .Failed}}<h2>Summary</h2>{{end}}
{{with .Summary}}{{template "table" .}}{{end}}
{{with .Homog}}{{template "table" .}}{{end}}
{{if .Failed}}<h3 class="bad">Failed tasks</h3><table><tr><th>task</th><th>error</th></tr>{{range .Failed}}<tr><td>{{.Label}}</td><td style="text-align:left;white-space:normal">{{first .Error}}</td></tr>{{end}}</table>{{end}}
</section>
{{range .Systems}}
<section id="{{anchor .Label}}">
<h2>{{.Label}}</h2>
<p class="meta">{{with .Data}}{{if .System}}catalogue system {{.System}}{{else}}observed data {{.Data}}{{if .FirstDate}} ({{.FirstDate}} to {{.LastDate}}){{end}}{{end}} · {{.Rows}} rows of {{len .Names}} columns, forecasting {{len .Columns}} · dt = {{g .DT}} · split {{.Split.Train}}/{{.Split.Val}}/{{.Split.Test}} rows (train/validation/test){{end}}{{if .Lyapunov}} · {{.Lyapunov}}{{end}}</p>
{{range .Tables}}{{template "table" .}}{{end}}
<div class="grid">
{{range .Plots}}<figure id="{{.Title}}">{{.SVG}}<figcaption><b>{{.Title}}.</b> {{.Caption}}</figcaption></figure>
{{end}}
</div>
{{if .Notes}}<ul class="notes">{{range .Notes}}<li>{{.}}</li>{{end}}</ul>{{end}}
</section>
{{end}}
{{if .Scaling}}
<section id="scaling">
<h2>Scaling and emergence</h2>
<div class="grid">
{{range .Scaling}}<figure>{{.Plot.SVG}}<figcaption>{{.Plot.Caption}}</figcaption></figure>
{{end}}
</div>
</section>
{{end}}
{{range .Experiments}}
<section id="{{expanchor .Label}}" class="experiment">
<h2>{{.Title}}</h2>
<p class="meta">experiment {{.Kind}}{{if ne .Label .Kind}} · {{.Label}}{{end}}</p>
{{if .Summary}}<p class="caption">{{.Summary}}</p>{{end}}
{{with .Metrics}}<h3>{{.Title}}</h3><div class="kv">{{range .Rows}}<div><span>{{index . 0}}</span><b>{{index . 1}}</b></div>{{end}}</div>{{end}}
{{range .Tables}}{{template "table" .}}{{end}}
<div class="grid">
{{range .Plots}}<figure>{{.SVG}}<figcaption><b>{{.Title}}.</b> {{.Caption}}</figcaption></figure>
{{end}}
</div>
{{if .Notes}}<ul class="notes">{{range .Notes}}<li>{{.}}</li>{{end}}</ul>{{end}}
</section>
{{end}}
<section id="spec">
<h2>Spec</h2>
<pre>{{.Study.Spec}}</pre>
</section>
</main>
</body>
</html>
{{define "table"}}<h3>{{.Title}}</h3>
<table><tr>{{range .Head}}<th>{{.}}</th>{{end}}</tr>
{{range .Rows}}<tr>{{range .}}<td>{{cell .}}</td>{{end}}</tr>
{{end}}</table>{{if .Caption}}<p class="caption">{{.Caption}}</p>{{end}}{{end}}
`))
