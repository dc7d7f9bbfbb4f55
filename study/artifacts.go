package study

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"

	"github.com/emergo/emergo/experiment"
	"github.com/emergo/emergo/store"
)

// Task kinds.
const (
	KindData           = "data"
	KindSystem         = "system"
	KindTrain          = "train"
	KindHomogenization = "homogenization"
	KindScaling        = "scaling"
)

// Artifact names. Each task kind stores one JSON document (the types
// below) and, where later tasks need bulk numbers, little-endian float64
// matrices ("*.f64": a 16-byte header rows, cols as uint64, then the
// values row-major).
const (
	ArtData           = "data.json"
	ArtSeries         = "series.f64"
	ArtSystem         = "system.json"
	ArtTrain          = "train.json"
	ArtErrors         = "errors.f64"  // instances × 1: per-instance error
	ArtOutputs        = "outputs.f64" // instances × dim: forecasts
	ArtRepr           = "repr.f64"    // instances × features: hidden states
	ArtHomogenization = "homogenization.json"
	ArtScaling        = "scaling.json"
	ArtCheckpoint     = "checkpoint/" // prefix of a neural model's files
)

// Float is a float64 whose JSON form is null for NaN and ±Inf (which
// JSON cannot hold); null decodes as NaN.
type Float = experiment.Float

// Floats converts a slice for JSON (nil stays nil).
func Floats(x []float64) []Float { return experiment.Floats(x) }

// Float64s converts back.
func Float64s(x []Float) []float64 { return experiment.Values(x) }

// Matrix is a JSON row-major matrix with labels.
type Matrix struct {
	Rows   []string  `json:"rows"`
	Cols   []string  `json:"cols"`
	Values [][]Float `json:"values"`
}

// DataInfo is a data task's document: where the series came from and
// how it is split.
type DataInfo struct {
	Label  string             `json:"label"`
	Source string             `json:"source"` // "system" or "data"
	System string             `json:"system,omitempty"`
	Data   string             `json:"data,omitempty"`
	Params map[string]float64 `json:"params,omitempty"`
	// Names are all the columns stored; Columns those forecast.
	Names   []string `json:"names"`
	Columns []string `json:"columns"`
	DT      float64  `json:"dt"`
	Rows    int      `json:"rows"`
	// Train (fit rows, validation excluded), Val and Test rows, in this
	// order in time.
	Train, Val, Test int `json:"-"`
	Split            struct {
		Train int `json:"train"`
		Val   int `json:"val"`
		Test  int `json:"test"`
	} `json:"split"`
	// FirstDate and LastDate for dated data (RFC 3339 days).
	FirstDate string `json:"first_date,omitempty"`
	LastDate  string `json:"last_date,omitempty"`
	Seed      uint64 `json:"seed,omitempty"`
}

// Projection is a 2D projection of a series for plots.
type Projection struct {
	XName string  `json:"x_name"`
	YName string  `json:"y_name"`
	X     []Float `json:"x"`
	Y     []Float `json:"y"`
}

// TailFit is a Clauset-Shalizi-Newman power-law fit of a column's tail.
type TailFit struct {
	Column string `json:"column"`
	Abs    bool   `json:"abs"`
	N      int    `json:"n"`
	NTail  int    `json:"n_tail"`
	Alpha  Float  `json:"alpha"`
	Xmin   Float  `json:"xmin"`
	// Xmax is the upper cutoff of a truncated fit (null: none).
	Xmax Float `json:"xmax"`
	KS   Float `json:"ks"`
	// P is the bootstrap goodness-of-fit p-value (NaN without bootstrap).
	P Float `json:"p"`
	// Discrete is true for integer data (avalanche sizes).
	Discrete bool `json:"discrete"`
	// CCDF is the empirical complementary CDF of the whole sample
	// (x, P(X ≥ x)), thinned for plotting; FitX, FitY the fitted tail.
	CCDFX []Float `json:"ccdf_x"`
	CCDFY []Float `json:"ccdf_y"`
	FitX  []Float `json:"fit_x"`
	FitY  []Float `json:"fit_y"`
	// Alternatives are likelihood-ratio tests against other tails (R > 0
	// favours the power law; P its significance).
	Alternatives []Comparison `json:"alternatives,omitempty"`
	// Reference is a literature exponent when the catalogue has one.
	Reference *Float `json:"reference,omitempty"`
	RefSource string `json:"reference_source,omitempty"`
}

// Comparison is a likelihood-ratio test.
type Comparison struct {
	Alternative string `json:"alternative"`
	R           Float  `json:"r"`
	P           Float  `json:"p"`
}

// SystemResult is a system task's document: step-3 analyses of the
// system or observed series.
type SystemResult struct {
	Label string `json:"label"`
	// Lambda1 is the largest Lyapunov exponent per time unit used for
	// valid prediction times (NaN when unknown), and Lambda1Source says
	// where it came from ("spectrum", a literature citation).
	Lambda1       Float  `json:"lambda1"`
	Lambda1Source string `json:"lambda1_source,omitempty"`
	// Spectrum is the computed Lyapunov spectrum per time unit with its
	// standard errors, and KaplanYorke its dimension.
	Spectrum    []Float `json:"spectrum,omitempty"`
	SpectrumErr []Float `json:"spectrum_err,omitempty"`
	KaplanYorke Float   `json:"kaplan_yorke"`
	// Literature spectrum when the catalogue has one.
	LiteratureSpectrum []Float `json:"literature_spectrum,omitempty"`
	LiteratureSource   string  `json:"literature_source,omitempty"`
	// Projection of the first two forecast columns.
	Projection *Projection `json:"projection,omitempty"`
	// Descriptors: correlation_dimension, permutation_entropy, hurst.
	Descriptors map[string]Float `json:"descriptors,omitempty"`
	Tail        *TailFit         `json:"tail,omitempty"`
	Notes       []string         `json:"notes,omitempty"`
	Seconds     float64          `json:"seconds"`
}

// TrainResult is a train task's document.
type TrainResult struct {
	System    string             `json:"system"`
	Model     string             `json:"model"` // the spec's label
	ModelName string             `json:"model_name"`
	Family    string             `json:"family"`
	Seed      uint64             `json:"seed"`
	Hyper     map[string]float64 `json:"hyper"`
	// ScaleValue and TrainFraction are set for scale-grid members.
	ScaleHyper    string  `json:"scale_hyper,omitempty"`
	ScaleValue    float64 `json:"scale_value,omitempty"`
	TrainFraction float64 `json:"train_fraction,omitempty"`
	TrainRows     int     `json:"train_rows"`
	Parameters    int     `json:"parameters,omitempty"`
	DT            float64 `json:"dt"`
	Lambda1       Float   `json:"lambda1"`
	Horizon       int     `json:"horizon"`
	Origins       int     `json:"origins"`
	// Metrics as stored in the metrics table.
	Metrics map[string]Float `json:"metrics"`
	// ErrorGrowth is the mean normalised error at each lead (rows
	// 1…Horizon) over the origins; LeadTimes the leads in Lyapunov times
	// (or rows when λ1 is unknown).
	ErrorGrowth []Float `json:"error_growth"`
	LeadTimes   []Float `json:"lead_times"`
	LeadUnit    string  `json:"lead_unit"`
	// Example is one rollout against truth: columns (≤ 3) by lead.
	ExampleColumns []string  `json:"example_columns"`
	ExampleTruth   [][]Float `json:"example_truth"`
	ExamplePred    [][]Float `json:"example_pred"`
	// ModelSpectrum is the trained model's Lyapunov spectrum per time
	// unit (as a closed-loop dynamical system).
	ModelSpectrum    []Float  `json:"model_spectrum,omitempty"`
	ModelSpectrumErr []Float  `json:"model_spectrum_err,omitempty"`
	Representation   string   `json:"representation"` // "hidden" or "outputs"
	FitSeconds       float64  `json:"fit_seconds"`
	Notes            []string `json:"notes,omitempty"`
}

// HomogenizationResult is a homogenization task's document for one
// system: members are (model, seed) pairs.
type HomogenizationResult struct {
	System  string   `json:"system"`
	Members []string `json:"members"` // "gru#1"
	Models  []string `json:"models"`  // model label per member
	Seeds   []uint64 `json:"seeds"`
	// CKAOutputs compares the members' forecasts (every member has
	// them); CKAHidden their hidden states (members with a Representer).
	CKAOutputs Matrix `json:"cka_outputs"`
	CKAHidden  Matrix `json:"cka_hidden"`
	MutualKNN  Matrix `json:"mutual_knn"`
	ErrorCorr  Matrix `json:"error_corr"`
	// Failure threshold (an error quantile) and the systemic-failure
	// distribution against the independence baseline, over the model
	// labels (one member per model: the first seed) and over all members.
	Threshold    Float            `json:"threshold"`
	FailureRates []Float          `json:"failure_rates"`
	Observed     []Float          `json:"observed"`
	Expected     []Float          `json:"expected"`
	ObservedAll  []Float          `json:"observed_all"`
	ExpectedAll  []Float          `json:"expected_all"`
	Metrics      map[string]Float `json:"metrics"`
	Instances    int              `json:"instances"`
	Notes        []string         `json:"notes,omitempty"`
}

// ScalingResult is a scaling task's document: a metric against model
// size and the emergence verdict.
type ScalingResult struct {
	System  string     `json:"system"`
	Model   string     `json:"model"`
	Hyper   string     `json:"hyper"`
	Metric  string     `json:"metric"`
	Sizes   []Float    `json:"sizes"`
	Values  []Float    `json:"values"` // mean over seeds
	Fits    []CurveFit `json:"fits"`
	Verdict string     `json:"verdict"`
	Notes   []string   `json:"notes,omitempty"`
}

// CurveFit is one fitted scaling curve.
type CurveFit struct {
	Form   string  `json:"form"`
	Params []Float `json:"params"`
	AIC    Float   `json:"aic"`
	X      []Float `json:"x"`
	Y      []Float `json:"y"`
}

// encodeMatrix writes rows×cols float64 values.
func encodeMatrix(rows, cols int, x []float64) []byte {
	if len(x) != rows*cols {
		panic(fmt.Sprintf("study: %d values for %d×%d", len(x), rows, cols))
	}
	b := make([]byte, 16+8*len(x))
	binary.LittleEndian.PutUint64(b, uint64(rows))
	binary.LittleEndian.PutUint64(b[8:], uint64(cols))
	for i, v := range x {
		binary.LittleEndian.PutUint64(b[16+8*i:], math.Float64bits(v))
	}
	return b
}

// decodeMatrix reads what encodeMatrix wrote.
func decodeMatrix(b []byte) (rows, cols int, x []float64, err error) {
	if len(b) < 16 {
		return 0, 0, nil, fmt.Errorf("matrix artifact: %d bytes, too short", len(b))
	}
	r, c := binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:])
	if r > 1<<31 || c > 1<<31 || uint64(len(b)-16) != 8*r*c {
		return 0, 0, nil, fmt.Errorf("matrix artifact: header %d×%d does not match %d bytes", r, c, len(b))
	}
	x = make([]float64, r*c)
	for i := range x {
		x[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[16+8*i:]))
	}
	return int(r), int(c), x, nil
}

func jsonArtifact(name string, v any) (store.Artifact, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return store.Artifact{}, fmt.Errorf("encode %s: %w", name, err)
	}
	return store.Artifact{Name: name, MIME: "application/json", Data: b}, nil
}

func matrixArtifact(name string, rows, cols int, x []float64) store.Artifact {
	return store.Artifact{Name: name, MIME: "application/octet-stream", Data: encodeMatrix(rows, cols, x)}
}
