// Package study runs declarative studies: the five steps of emergo from
// one YAML spec (see Spec, the embedded default in default.yaml and the
// commented example examples/study.yaml).
//
// A spec expands (Plan) into tasks of five kinds: "data" (simulate a
// catalogue system or load observed data), "system" (step 3 on the
// system: Lyapunov spectrum, descriptors, power-law tails), "train" (fit
// one model with one seed, score it — NRMSE, valid prediction time in
// Lyapunov times, error growth —, compute its Lyapunov spectrum as a
// closed-loop dynamical system, and record its forecasts, errors and
// hidden states on shared test instances), "homogenization" (step 4:
// CKA and mutual-kNN similarity across models and seeds, error
// correlations, systemic failure against the independence baseline,
// outcome homogenization) and "scaling" (metric against model size,
// curve fits and the emergence verdict).
//
// Every task is keyed by the SHA-256 of its full spec, including the
// keys of the tasks it reads, so a rerun skips what the store holds as
// done, two studies share identical tasks, and a change anywhere
// upstream recomputes what depends on it. Run executes the tasks on a
// bounded pool, dependencies first, storing each result in one
// transaction; an interrupted study resumes where it stopped. Every
// random choice is seeded from the spec, so the same spec gives the same
// numbers.
//
// Results are documents (the exported *Result types, as JSON artifacts)
// and float64 matrices in the store; the report package renders them.
package study
