// Package web is emergo's read-only dashboard: a JSON API over a results
// store and an embedded single-page UI that shows studies, their tasks
// (live while a study runs), task details with metrics and artifacts, and
// the study's HTML report.
//
// # Serving
//
// New builds a Server over a store.Reader; Handler returns its
// http.Handler, and ListenAndServe (or Serve, with a listener of the
// caller's) serves it until a context is cancelled, then shuts down
// gracefully. Only GET and HEAD are allowed: any other method gets 405.
// Nothing is fetched from the network: the UI's HTML, script and style
// sheet are embedded in the binary, and every response carries a
// Content-Security-Policy that allows only the server itself.
//
// # API
//
// Every response under /api/v1 except artifact downloads is one JSON
// envelope,
//
//	{"status": "success", "data": ...}
//	{"status": "error", "error": {"kind": "not_found", "message": "..."}}
//
// with error kinds "not_found" (404), "bad_request" (400),
// "method_not_allowed" (405) and "internal" (500). The endpoints:
//
//	GET /api/v1/version                        server version, Go version, whether a report renderer is set
//	GET /api/v1/studies                        every study, newest first, with task counts and a state
//	GET /api/v1/studies/{ref}                  one study (by ID, unique ID prefix or name) with its spec
//	GET /api/v1/studies/{ref}/tasks            its tasks in plan order (no specs); filters ?status=failed,running&kind=train
//	GET /api/v1/studies/{ref}/metrics          the metrics of its done tasks
//	GET /api/v1/tasks/{key}                    one task with its spec, metrics and artifact list
//	GET /api/v1/tasks/{key}/artifacts/{name}   an artifact's raw bytes with its MIME type (not in the envelope)
//
// Metric values (and task seconds) that are NaN or ±Inf are encoded as
// null, since JSON has no such numbers. Times not yet set (a task's start
// or finish) are null.
//
// Artifact downloads are the one exception to the envelope: a success is
// the artifact itself, with its stored media type, and only an error
// (unknown task or artifact) is an envelope.
//
// # Pages
//
//	GET /                        the single-page UI (hash routes #/, #/study/{id}, #/study/{id}/report, #/task/{key})
//	GET /static/{file}           its script, style sheet and icon
//	GET /studies/{ref}/report    the study's HTML report, from Options.Report
//
// The UI polls the API every 2 s while a task it shows is pending or
// running, and stops when everything is done or failed.
package web
