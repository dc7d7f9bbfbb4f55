package cli

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"gonum.org/v1/gonum/mat"

	"github.com/emergo/emergo/homogenization"
	"github.com/emergo/emergo/system"
)

// Defaults of similarity and homogenization.
const (
	defaultKNN              = 10
	defaultSystemicPerms    = 1000
	defaultSimilarityMetric = "cka"
)

// similarityMetrics are the names --metric accepts, in output order.
var similarityMetrics = []string{"cka", "cka-rbf", "cka-debiased", "svcca", "mknn"}

// idColumns are header names of a first column that labels the rows
// (instances) rather than holding a feature or a model.
var idColumns = map[string]bool{"": true, "id": true, "instance": true, "index": true, "name": true, "row": true,
	"sample": true, "key": true, "time": true, "date": true, "t": true}

// table is a CSV file read as text: its header (nil when the first row is
// all numbers), its rows and their line numbers.
type table struct {
	path   string
	header []string
	rows   [][]string
	lines  []int
	// labels is the number of leading columns that label rows (0 or 1).
	labels int
}

// readTable reads a CSV file whose first row is a header unless every
// field of it is a number; a first column named like an identifier (id,
// instance, index, name, time, ...) or with an empty name is a row label.
func readTable(path string, isValue func(string) bool) (*table, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("cannot read %s: %v", path, err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.TrimLeadingSpace = true
	r.Comment = '#'
	t := &table{path: path}
	width := -1
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("%s:%d: %v", path, pe.Line, pe.Err)
			}
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		line, _ := r.FieldPos(0)
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if width < 0 {
			width = len(rec)
			header := false
			for _, v := range rec {
				if !isValue(v) {
					header = true
					break
				}
			}
			if header {
				t.header = rec
				continue
			}
		}
		if len(rec) != width {
			return nil, fmt.Errorf("%s:%d: %d fields, but the first row has %d", path, line, len(rec), width)
		}
		t.rows = append(t.rows, rec)
		t.lines = append(t.lines, line)
	}
	if len(t.rows) == 0 {
		return nil, fmt.Errorf("%s has no data rows", path)
	}
	if t.header != nil && width > 1 && idColumns[strings.ToLower(t.header[0])] {
		t.labels = 1
	}
	if t.header == nil {
		t.header = make([]string, width)
		for j := range t.header {
			t.header[j] = "c" + strconv.Itoa(j)
		}
	}
	return t, nil
}

// names are the value columns' names.
func (t *table) names() []string { return t.header[t.labels:] }

// isNumber reports whether s parses as a float (NaN and Inf included, so
// that a header is not mistaken for them).
func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil || isMissing(s)
}

func isMissing(s string) bool {
	switch strings.ToLower(s) {
	case "", "nan", "na", "n/a", "null":
		return true
	}
	return false
}

// matrix converts the value columns to numbers: rows = instances,
// columns = features. Missing, NaN and infinite values are errors naming
// the line and column.
func (t *table) matrix() (*mat.Dense, error) {
	d := len(t.header) - t.labels
	if d < 1 {
		return nil, fmt.Errorf("%s has no value columns", t.path)
	}
	x := make([]float64, 0, len(t.rows)*d)
	for i, rec := range t.rows {
		for j, f := range rec[t.labels:] {
			v, err := strconv.ParseFloat(f, 64)
			switch {
			case isMissing(f) || (err == nil && math.IsNaN(v)):
				return nil, fmt.Errorf("%s:%d: column %q: missing or NaN value %q; representations must be finite numbers", t.path, t.lines[i], t.header[t.labels+j], f)
			case err != nil:
				return nil, fmt.Errorf("%s:%d: column %q: %q is not a number", t.path, t.lines[i], t.header[t.labels+j], f)
			case math.IsInf(v, 0):
				return nil, fmt.Errorf("%s:%d: column %q: infinite value %q", t.path, t.lines[i], t.header[t.labels+j], f)
			}
			x = append(x, v)
		}
	}
	return mat.NewDense(len(t.rows), d, x), nil
}

// simiOptions are similarity's flags.
type simiOptions struct {
	metrics      []string
	permutations int
	seed         uint64
	sigma        float64
	k            int
	knnMetric    string
	variance     float64
	asJSON       bool
}

func (e *env) similarityCmd() *cobra.Command {
	var o simiOptions
	cmd := &cobra.Command{
		Use:     "similarity A.csv B.csv",
		Aliases: []string{"cka"},
		Short:   "Similarity of two models' representations of the same instances (CKA, SVCCA, mutual k-NN)",
		Long: `Compare two representations of the same instances: each CSV file has one row
per instance (the same inputs in the same order in both files) and one
column per feature; the feature counts may differ. A header row is optional;
a first column named id, instance, index, name or time (or unnamed) labels
the rows and is skipped.

Metrics (--metric, repeat or comma-join, or "all"):
  cka           linear CKA (Kornblith et al. 2019): 1 for the same
                representation up to rotation and scale
  cka-rbf       CKA with the Gaussian kernel, bandwidth --sigma times the
                median distance
  cka-debiased  linear CKA with the unbiased HSIC (Song et al. 2012),
                centred on 0 for unrelated representations
  svcca         mean canonical correlation after keeping --variance of each
                side's variance (Raghu et al. 2017)
  mknn          mutual k-nearest-neighbour alignment, k = --k (Huh et al.
                2024); chance level k/(n−1)
--permutations N adds a permutation p-value to the CKA metrics (rows of B
shuffled N times).`,
		Example: `  emergo similarity esn.csv nvar.csv
  emergo similarity a.csv b.csv --metric all --permutations 1000 --json`,
		Args: exactArgs(2, "two CSV files"),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			return e.similarity(args[0], args[1], &o, cmd.Flags().Changed)
		}),
	}
	f := cmd.Flags()
	f.StringSliceVar(&o.metrics, "metric", []string{defaultSimilarityMetric}, "the similarity `METRIC`s: "+strings.Join(similarityMetrics, ", ")+" or all")
	f.IntVar(&o.permutations, "permutations", 0, "permutations of the CKA p-values (0: none)")
	f.Uint64VarP(&o.seed, "seed", "s", defaultSeed, "seed of the permutations and of RBF row subsampling")
	f.Float64Var(&o.sigma, "sigma", homogenization.DefaultSigma, "cka-rbf bandwidth as a fraction of the median pairwise distance")
	f.IntVar(&o.k, "k", defaultKNN, "mknn: number of neighbours")
	f.StringVar(&o.knnMetric, "knn-metric", "cosine", "mknn: cosine or euclidean")
	f.Float64Var(&o.variance, "variance", homogenization.DefaultVarianceKept, "svcca: fraction of the variance kept, in (0, 1]")
	f.BoolVar(&o.asJSON, "json", false, "print the result as JSON")
	return cmd
}

// parseMetrics expands and checks --metric values.
func parseMetrics(vals []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, v := range vals {
		for _, m := range strings.Split(v, ",") {
			m = strings.ToLower(strings.TrimSpace(m))
			if m == "" {
				continue
			}
			if m == "all" {
				for _, a := range similarityMetrics {
					if !seen[a] {
						seen[a] = true
						out = append(out, a)
					}
				}
				continue
			}
			ok := false
			for _, a := range similarityMetrics {
				ok = ok || a == m
			}
			if !ok {
				msg := fmt.Sprintf("unknown --metric %q", m)
				if s := system.Suggest(m, similarityMetrics, 3); len(s) > 0 {
					msg += "; did you mean " + strings.Join(quoted(s), ", ") + "?"
				}
				return nil, usagef("%s (metrics: %s, or all)", msg, strings.Join(similarityMetrics, ", "))
			}
			if !seen[m] {
				seen[m] = true
				out = append(out, m)
			}
		}
	}
	if len(out) == 0 {
		return nil, usagef("--metric is empty (metrics: %s, or all)", strings.Join(similarityMetrics, ", "))
	}
	return out, nil
}

func quoted(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = strconv.Quote(v)
	}
	return out
}

// simiMetricJSON is one metric's result.
type simiMetricJSON struct {
	Metric       string `json:"metric"`
	Value        jf     `json:"value"`
	PValue       *jf    `json:"p_value,omitempty"`
	Permutations int    `json:"permutations,omitempty"`
	NullMean     *jf    `json:"null_mean,omitempty"`
	NullSD       *jf    `json:"null_sd,omitempty"`
	RowsUsed     int    `json:"rows_used,omitempty"`
	Chance       *jf    `json:"chance,omitempty"`
	K            int    `json:"k,omitempty"`
	Correlations []jf   `json:"correlations,omitempty"`
	KeptA        int    `json:"kept_a,omitempty"`
	KeptB        int    `json:"kept_b,omitempty"`
	Detail       string `json:"detail"`
}

// simiResult is the JSON output of similarity.
type simiResult struct {
	A          string           `json:"a"`
	B          string           `json:"b"`
	Rows       int              `json:"rows"`
	FeaturesA  int              `json:"features_a"`
	FeaturesB  int              `json:"features_b"`
	Similarity map[string]jf    `json:"similarity"`
	Results    []simiMetricJSON `json:"results"`
	Notes      []string         `json:"notes,omitempty"`
}

func (e *env) similarity(pathA, pathB string, o *simiOptions, changed func(string) bool) error {
	metrics, err := parseMetrics(o.metrics)
	if err != nil {
		return err
	}
	var knn homogenization.Metric
	switch strings.ToLower(o.knnMetric) {
	case "cosine":
		knn = homogenization.Cosine
	case "euclidean":
		knn = homogenization.Euclidean
	default:
		return usagef("unknown --knn-metric %q (use cosine or euclidean)", o.knnMetric)
	}
	switch {
	case o.permutations < 0:
		return usagef("--permutations must be non-negative, got %d", o.permutations)
	case !finitePositive(o.sigma):
		return usagef("--sigma must be positive, got %v", o.sigma)
	case o.k < 1:
		return usagef("--k must be at least 1, got %d", o.k)
	case !(o.variance > 0 && o.variance <= 1):
		return usagef("--variance must be in (0, 1], got %v", o.variance)
	}
	ta, err := readTable(pathA, isNumber)
	if err != nil {
		return err
	}
	tb, err := readTable(pathB, isNumber)
	if err != nil {
		return err
	}
	if len(ta.rows) != len(tb.rows) {
		return fmt.Errorf("%s has %d rows and %s has %d: rows are instances and must pair up (the same inputs, in the same order, in both files)",
			pathA, len(ta.rows), pathB, len(tb.rows))
	}
	x, err := ta.matrix()
	if err != nil {
		return err
	}
	y, err := tb.matrix()
	if err != nil {
		return err
	}
	n, da := x.Dims()
	_, db := y.Dims()
	res := simiResult{A: pathA, B: pathB, Rows: n, FeaturesA: da, FeaturesB: db, Similarity: map[string]jf{}}
	ctxLabel := fmt.Sprintf("%s vs %s", pathA, pathB)
	permNote := false
	for _, m := range metrics {
		r := simiMetricJSON{Metric: m}
		var opt *homogenization.CKAOptions
		switch m {
		case "cka":
			opt = &homogenization.CKAOptions{}
			r.Detail = "linear kernel, biased HSIC"
		case "cka-rbf":
			opt = &homogenization.CKAOptions{Kernel: homogenization.RBF, Sigma: o.sigma, Seed: o.seed}
			r.Detail = fmt.Sprintf("Gaussian kernel, σ = %s × median distance", num(o.sigma))
			if n > homogenization.DefaultMaxRows {
				r.Detail += fmt.Sprintf(", on %d rows drawn with seed %d", homogenization.DefaultMaxRows, o.seed)
			}
		case "cka-debiased":
			opt = &homogenization.CKAOptions{Debiased: true}
			r.Detail = "linear kernel, unbiased HSIC (Song et al. 2012)"
		case "svcca":
			sv, err := homogenization.SVCCA(x, y, &homogenization.SVCCAOptions{VarianceKept: o.variance})
			if err != nil {
				return libErr(ctxLabel+": svcca", err)
			}
			r.Value, r.Correlations, r.KeptA, r.KeptB = jf(sv.Similarity), jfs(sv.Correlations), sv.KeptX, sv.KeptY
			r.Detail = fmt.Sprintf("mean of %d canonical correlations; kept %d and %d directions (%s of the variance)",
				len(sv.Correlations), sv.KeptX, sv.KeptY, num(o.variance))
			if sv.KeptX+sv.KeptY >= n/2 {
				res.Notes = append(res.Notes, fmt.Sprintf("svcca: %d kept directions against %d rows; CCA overfits unless rows ≫ kept directions", sv.KeptX+sv.KeptY, n))
			}
			permNote = permNote || o.permutations > 0
		case "mknn":
			v, err := homogenization.MutualKNN(x, y, o.k, knn)
			if err != nil {
				return libErr(ctxLabel+": mknn", err)
			}
			c := jf(float64(o.k) / float64(n-1))
			r.Value, r.K, r.Chance = jf(v), o.k, &c
			r.Detail = fmt.Sprintf("k = %d, %s; chance level %s", o.k, knn, fnum(c))
			permNote = permNote || o.permutations > 0
		}
		if opt != nil {
			if o.permutations > 0 {
				pt, err := homogenization.CKATest(x, y, opt, o.permutations, o.seed)
				if err != nil {
					return libErr(ctxLabel+": "+m, err)
				}
				p, mu, sd := jf(pt.P), jf(pt.NullMean), jf(pt.NullSD)
				r.Value, r.PValue, r.Permutations, r.NullMean, r.NullSD, r.RowsUsed = jf(pt.Value), &p, pt.Permutations, &mu, &sd, pt.Rows
			} else {
				v, err := homogenization.CKA(x, y, opt)
				if err != nil {
					return libErr(ctxLabel+": "+m, err)
				}
				r.Value = jf(v)
			}
		}
		res.Similarity[m] = r.Value
		res.Results = append(res.Results, r)
	}
	if permNote {
		res.Notes = append(res.Notes, "--permutations gives p-values for the CKA metrics only")
	}
	if o.asJSON {
		return writeJSON(e.stdout, res)
	}
	w := e.stdout
	fmt.Fprintf(w, "%s (%d features) vs %s (%d features): %d instances\n\n", pathA, da, pathB, db, n)
	tw := newTable(w)
	head := "  METRIC\tVALUE"
	if o.permutations > 0 {
		head += "\tp\tNULL MEAN ± SD"
	}
	fmt.Fprintln(tw, head+"\tDETAILS")
	for _, r := range res.Results {
		line := fmt.Sprintf("  %s\t%s", r.Metric, fnum(r.Value))
		if o.permutations > 0 {
			if r.PValue != nil {
				line += fmt.Sprintf("\t%s\t%s ± %s", fnum(*r.PValue), fnum(*r.NullMean), fnum(*r.NullSD))
			} else {
				line += "\t\t"
			}
		}
		fmt.Fprintln(tw, line+"\t"+r.Detail)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if o.permutations > 0 {
		fmt.Fprintf(w, "\n  p: permutation p-value over %d shuffles of the rows of B (seed %d)\n", o.permutations, o.seed)
	}
	writeNotes(w, res.Notes)
	return nil
}

// homOptions are homogenization's flags.
type homOptions struct {
	permutations int
	seed         uint64
	group        string
	asJSON       bool
}

func (e *env) homogenizationCmd() *cobra.Command {
	var o homOptions
	cmd := &cobra.Command{
		Use:     "homogenization FAILURES.csv",
		Aliases: []string{"homog"},
		Short:   "Systemic failure and outcome homogenization of models from a failure matrix",
		Long: `Analyse which instances several models fail, from a CSV file with one row
per instance and one column per model holding 0/1 or true/false (1 or true:
the model fails that instance). A header row names the models; a first
column named id, instance, index, name or time (or unnamed) labels the rows
and is skipped, and --group names a column of group labels (any text) for
group-level homogenization.

Reported:
  - each model's failure rate;
  - the distribution of the number of models failing an instance against
    the Poisson-binomial distribution of independent models with the same
    rates (Toups et al. 2023), the ratios of systemic failure (all fail) and
    systemic success (all succeed) to their independence values, the
    overdispersion of the failure count (1 under independence), Pearson's
    chi-square, and permutation p-values from --permutations independent
    per-model shuffles;
  - outcome homogenization H^unif, H^avg, H^worst (Bommasani et al. 2022):
    1 under independence, above 1 when the same instances (or groups) fail
    under every model;
  - the error correlation matrix (φ coefficients).`,
		Example: `  emergo homogenization failures.csv
  emergo homogenization failures.csv --group region --permutations 5000 --json`,
		Args: exactArgs(1, "one CSV file"),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			return e.homogenization(args[0], &o)
		}),
	}
	f := cmd.Flags()
	f.IntVar(&o.permutations, "permutations", defaultSystemicPerms, "independence resamples of the permutation p-values (0: none)")
	f.Uint64VarP(&o.seed, "seed", "s", defaultSeed, "seed of the permutations")
	f.StringVar(&o.group, "group", "", "the `COLUMN` of group labels for group-level homogenization")
	f.BoolVar(&o.asJSON, "json", false, "print the result as JSON")
	return cmd
}

// isBool reports whether s is a failure flag.
func isBool(s string) bool {
	_, ok := parseFlag(s)
	return ok
}

// parseFlag reads 0/1, true/false, yes/no, t/f (any case).
func parseFlag(s string) (float64, bool) {
	switch strings.ToLower(s) {
	case "1", "1.0", "true", "t", "yes", "y":
		return 1, true
	case "0", "0.0", "false", "f", "no", "n":
		return 0, true
	}
	return 0, false
}

// homResult is the JSON output of homogenization.
type homResult struct {
	File        string   `json:"file"`
	Instances   int      `json:"instances"`
	Models      []string `json:"models"`
	FailureRate []jf     `json:"failure_rates"`
	Systemic    struct {
		Failing         []int `json:"failing"` // j = 0 … models
		Observed        []jf  `json:"observed"`
		Expected        []jf  `json:"expected"`
		SystemicFailure jf    `json:"systemic_failure"`
		ExpectedFailure jf    `json:"expected_failure"`
		FailureRatio    jf    `json:"failure_ratio"`
		SystemicSuccess jf    `json:"systemic_success"`
		ExpectedSuccess jf    `json:"expected_success"`
		SuccessRatio    jf    `json:"success_ratio"`
		Overdispersion  jf    `json:"overdispersion"`
		ChiSquare       jf    `json:"chi_square"`
		DF              int   `json:"df"`
		PChiSquare      jf    `json:"p_chi_square"`
		PermChiSquare   jf    `json:"perm_p_chi_square"`
		PermOverdisp    jf    `json:"perm_p_overdispersion"`
		PermSystemic    jf    `json:"perm_p_systemic"`
		Permutations    int   `json:"permutations"`
	} `json:"systemic"`
	Homogenization *struct {
		Unif       jf     `json:"h_unif"`
		Avg        jf     `json:"h_avg"`
		Worst      jf     `json:"h_worst"`
		Groups     int    `json:"groups"`
		WorstGroup string `json:"worst_group"`
		Level      string `json:"level"`
	} `json:"homogenization"`
	ErrorCorrelation [][]jf   `json:"error_correlation"`
	Seed             uint64   `json:"seed"`
	Notes            []string `json:"notes,omitempty"`
}

func (e *env) homogenization(path string, o *homOptions) error {
	if o.permutations < 0 {
		return usagef("--permutations must be non-negative, got %d", o.permutations)
	}
	// The header is recognised by a field that is not a failure flag.
	t, err := readTable(path, isBool)
	if err != nil {
		return err
	}
	// Columns: an optional label column, an optional group column, models.
	gcol := -1
	if o.group != "" {
		for j, h := range t.header {
			if strings.EqualFold(h, o.group) {
				gcol = j
				break
			}
		}
		if gcol < 0 {
			return fmt.Errorf("%s has no column %q (columns: %s)", path, o.group, strings.Join(t.header, ", "))
		}
		if gcol < t.labels {
			t.labels = 0 // the first column is the group column, not a row label
		}
	}
	var models []string
	var mcols []int
	for j := t.labels; j < len(t.header); j++ {
		if j != gcol {
			models = append(models, t.header[j])
			mcols = append(mcols, j)
		}
	}
	if len(models) < 2 {
		return fmt.Errorf("%s has %d model column(s); homogenization compares at least 2 models (rows = instances, columns = models)", path, len(models))
	}
	n, m := len(t.rows), len(models)
	fail := mat.NewDense(n, m, nil)
	var groups []int
	var groupNames []string
	gidx := map[string]int{}
	for i, rec := range t.rows {
		for c, j := range mcols {
			v, ok := parseFlag(rec[j])
			if !ok {
				hint := ""
				if gcol < 0 {
					hint = fmt.Sprintf("; a column of group labels goes with --group %s", t.header[j])
				}
				return fmt.Errorf("%s:%d: column %q: %q is not a failure flag (use 0/1 or true/false%s)", path, t.lines[i], t.header[j], rec[j], hint)
			}
			fail.Set(i, c, v)
		}
		if gcol >= 0 {
			g, ok := gidx[rec[gcol]]
			if !ok {
				g = len(groupNames)
				gidx[rec[gcol]] = g
				groupNames = append(groupNames, rec[gcol])
			}
			groups = append(groups, g)
		}
	}
	sf, err := homogenization.SystemicFailure(fail, &homogenization.SystemicOptions{Permutations: o.permutations, Seed: o.seed})
	if err != nil {
		return libErr(path, err)
	}
	res := homResult{File: path, Instances: n, Models: models, FailureRate: jfs(sf.FailureRate), Seed: o.seed}
	s := &res.Systemic
	for j := range sf.Observed {
		s.Failing = append(s.Failing, j)
	}
	s.Observed, s.Expected = jfs(sf.Observed), jfs(sf.Expected)
	s.SystemicFailure, s.ExpectedFailure, s.FailureRatio = jf(sf.SystemicFailure), jf(sf.ExpectedFailure), jf(sf.FailureRatio)
	s.SystemicSuccess, s.ExpectedSuccess, s.SuccessRatio = jf(sf.SystemicSuccess), jf(sf.ExpectedSuccess), jf(sf.SuccessRatio)
	s.Overdispersion, s.ChiSquare, s.DF, s.PChiSquare = jf(sf.Overdispersion), jf(sf.ChiSquare), sf.DF, jf(sf.PChiSquare)
	s.PermChiSquare, s.PermOverdisp, s.PermSystemic, s.Permutations = jf(sf.PermChiSquare), jf(sf.PermOverdispersion), jf(sf.PermSystemic), sf.Permutations

	oh, err := homogenization.OutcomeHomogenization(fail, groups)
	switch {
	case errors.Is(err, homogenization.ErrDegenerate):
		res.Notes = append(res.Notes, "outcome homogenization is undefined: "+libErr("", err).Error())
	case err != nil:
		return libErr(path, err)
	default:
		res.Homogenization = &struct {
			Unif       jf     `json:"h_unif"`
			Avg        jf     `json:"h_avg"`
			Worst      jf     `json:"h_worst"`
			Groups     int    `json:"groups"`
			WorstGroup string `json:"worst_group"`
			Level      string `json:"level"`
		}{Unif: jf(oh.Unif), Avg: jf(oh.Avg), Worst: jf(oh.Worst), Groups: oh.Groups, Level: "instance"}
		if groups != nil {
			res.Homogenization.Level = "group (" + t.header[gcol] + ")"
			res.Homogenization.WorstGroup = groupNames[oh.WorstGroup]
		} else {
			res.Homogenization.WorstGroup = rowLabel(t, oh.WorstGroup)
		}
	}
	ec, err := homogenization.ErrorCorrelation(fail)
	if err != nil {
		return libErr(path, err)
	}
	for i := 0; i < m; i++ {
		row := make([]jf, m)
		for j := 0; j < m; j++ {
			row[j] = jf(ec.At(i, j))
		}
		res.ErrorCorrelation = append(res.ErrorCorrelation, row)
	}
	for c, r := range sf.FailureRate {
		if r == 0 || r == 1 {
			res.Notes = append(res.Notes, fmt.Sprintf("model %s fails %s instance: its error correlations are undefined", models[c], map[bool]string{true: "every", false: "no"}[r == 1]))
		}
	}
	if o.asJSON {
		return writeJSON(e.stdout, res)
	}
	return writeHomText(e.stdout, &res)
}

// rowLabel names row i: its label when the file has a label column, else
// its 1-based data row number.
func rowLabel(t *table, i int) string {
	if t.labels > 0 {
		return t.rows[i][0]
	}
	return "row " + strconv.Itoa(i+1)
}

func writeHomText(w io.Writer, r *homResult) error {
	fmt.Fprintf(w, "%s: %d instances, %d models\n\n", r.File, r.Instances, len(r.Models))
	tw := newTable(w)
	fmt.Fprintln(tw, "  MODEL\tFAILURE RATE")
	for i, m := range r.Models {
		fmt.Fprintf(tw, "  %s\t%s\n", m, fnum(r.FailureRate[i]))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	s := &r.Systemic
	fmt.Fprintln(w, "\nModels failing an instance, observed vs independent models (Poisson-binomial):")
	tw = newTable(w)
	fmt.Fprintln(tw, "  FAILING\tOBSERVED\tEXPECTED\tRATIO")
	for j := range s.Observed {
		ratio := jf(float64(s.Observed[j]) / float64(s.Expected[j]))
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\n", j, fnum(s.Observed[j]), fnum(s.Expected[j]), fnum(ratio))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	perm := func(p jf) string {
		if s.Permutations == 0 {
			return ""
		}
		return fmt.Sprintf(", permutation p %s", fnum(p))
	}
	fmt.Fprintf(w, "\n  systemic failure (all fail):    %s vs %s independent (× %s%s)\n", fnum(s.SystemicFailure), fnum(s.ExpectedFailure),
		fnum(s.FailureRatio), perm(s.PermSystemic))
	fmt.Fprintf(w, "  systemic success (all succeed): %s vs %s independent (× %s)\n", fnum(s.SystemicSuccess), fnum(s.ExpectedSuccess), fnum(s.SuccessRatio))
	fmt.Fprintf(w, "  overdispersion of the count:    %s (1 under independence%s)\n", fnum(s.Overdispersion), perm(s.PermOverdisp))
	fmt.Fprintf(w, "  chi-square:                     %s, %d df, asymptotic p %s%s\n", fnum(s.ChiSquare), s.DF, fnum(s.PChiSquare), perm(s.PermChiSquare))
	if s.Permutations > 0 {
		fmt.Fprintf(w, "  (permutation p-values over %d independent per-model shuffles, seed %d)\n", s.Permutations, r.Seed)
	}
	if h := r.Homogenization; h != nil {
		fmt.Fprintf(w, "\nOutcome homogenization (Bommasani et al. 2022; 1 = independent), %s level, %d groups:\n", h.Level, h.Groups)
		what := "instance"
		if h.Level != "instance" {
			what = "group"
		}
		fmt.Fprintf(w, "  H_unif %s   H_avg %s   H_worst %s (worst %s: %s)\n", fnum(h.Unif), fnum(h.Avg), fnum(h.Worst), what, h.WorstGroup)
	}
	fmt.Fprintln(w, "\nError correlation (φ):")
	tw = newTable(w)
	fmt.Fprintln(tw, "  \t"+strings.Join(r.Models, "\t"))
	for i, row := range r.ErrorCorrelation {
		cells := make([]string, len(row))
		for j, v := range row {
			cells[j] = fmt.Sprintf("%.3f", float64(v))
			if math.IsNaN(float64(v)) {
				cells[j] = "-"
			}
		}
		fmt.Fprintf(tw, "  %s\t%s\n", r.Models[i], strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	writeNotes(w, r.Notes)
	return nil
}
