package study

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/emergo/emergo/data"
	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/series"
	"github.com/emergo/emergo/store"
	"github.com/emergo/emergo/system"
)

// loadObserved loads an embedded dataset by name or a CSV file by path,
// checking that every value is finite.
func loadObserved(name string) (*series.Series, error) {
	var s *series.Series
	var err error
	if isEmbedded(name) {
		s, err = data.Load(name)
	} else {
		s, err = series.ReadCSVFile(name, nil)
		if err != nil && !strings.HasSuffix(strings.ToLower(name), ".csv") {
			err = fmt.Errorf("%q is neither an embedded dataset (see `emergo data list`) nor a readable CSV file: %w", name, err)
		}
	}
	if err != nil {
		return nil, err
	}
	if err := s.CheckFinite(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return s, nil
}

// dataSpec is the hashed spec of a data task.
type dataSpec struct {
	Pipeline string     `json:"pipeline"`
	System   SystemSpec `json:"system"`
	Sampling Sampling   `json:"sampling"`
	Split    Split      `json:"split"`
	Seed     uint64     `json:"seed"`
}

// dataset is a decoded data task result.
type dataset struct {
	info DataInfo
	// all holds every stored column; x the forecast columns.
	all *forecast.Block
	x   *forecast.Block
}

// runData simulates a catalogue system or loads observed data.
func runData(ctx context.Context, sp dataSpec) (*store.Result, error) {
	sy := sp.System
	info := DataInfo{Label: sy.Label, Seed: sp.Seed}
	var names []string
	var x []float64
	if sy.Name != "" {
		e, err := system.Lookup(sy.Name)
		if err != nil {
			return nil, err
		}
		sm := sp.Sampling
		dt := sm.DT
		if sm.PointsPerPeriod > 0 {
			dt = e.Info.Period / sm.PointsPerPeriod
		}
		sys, err := e.New(system.Config{Params: system.Params(sy.Params), Seed: sp.Seed, DT: dt})
		if err != nil {
			return nil, err
		}
		full, err := e.Resolve(system.Params(sy.Params))
		if err != nil {
			return nil, err
		}
		step := e.Info.DT
		if s, ok := sys.(system.Sampler); ok && s.DT() > 0 {
			step = s.DT()
		}
		if !(step > 0) {
			step = 1
		}
		tr, err := system.Sample(ctx, sys, sm.Length, &system.SampleOptions{Transient: sm.Transient, Name: e.Info.Name})
		if err != nil {
			var de *system.DivergedError
			if errors.As(err, &de) {
				return nil, fmt.Errorf("%s diverged: %w (try other parameters or a smaller dt)", e.Info.Name, err)
			}
			return nil, err
		}
		names = slices.Clone(e.Info.Observables)
		if len(names) != tr.Dim {
			names = make([]string, tr.Dim)
			for i := range names {
				names[i] = fmt.Sprintf("x%d", i)
			}
		}
		x = tr.X
		info.Source, info.System, info.Params, info.DT = "system", e.Info.Name, full, step
	} else {
		s, err := loadObserved(sy.Data)
		if err != nil {
			return nil, err
		}
		names, x = s.Names, s.X
		info.Source, info.Data, info.DT = "data", sy.Data, 1
		if len(s.Dates) > 0 {
			info.FirstDate = s.Dates[0].Format("2006-01-02")
			info.LastDate = s.Dates[len(s.Dates)-1].Format("2006-01-02")
		}
	}
	info.Names = names
	info.Columns = sy.Columns
	if len(info.Columns) == 0 {
		info.Columns = names
	}
	dim := len(names)
	info.Rows = len(x) / dim
	n := info.Rows
	test := int(math.Round(sp.Split.Test * float64(n)))
	train := int(math.Round(sp.Split.Train * float64(n)))
	val := int(math.Round(sp.Split.Val * float64(n)))
	if train+test > n {
		train = n - test
	}
	info.Split.Train, info.Split.Val, info.Split.Test = train-val, val, test
	if train-val < 20 || test < 10 {
		return nil, fmt.Errorf("%s: %d rows give %d training and %d test rows: too few", sy.Label, n, train-val, test)
	}
	// Constant columns cannot be standardised or forecast meaningfully.
	b := forecast.NewBlock(x, dim)
	for _, c := range info.Columns {
		j := slices.Index(names, c)
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := 0; i < train; i++ {
			v := b.Row(i)[j]
			lo, hi = min(lo, v), max(hi, v)
		}
		if !(hi > lo) {
			return nil, fmt.Errorf("%s: column %q is constant (%v) over the training part; choose other columns", sy.Label, c, lo)
		}
	}
	doc, err := jsonArtifact(ArtData, info)
	if err != nil {
		return nil, err
	}
	return &store.Result{
		Metrics: []store.Metric{{Name: "rows", Value: float64(n)}, {Name: "columns", Value: float64(dim)},
			{Name: "dt", Value: info.DT}},
		Artifacts: []store.Artifact{doc, matrixArtifact(ArtSeries, n, dim, x)},
	}, nil
}

// loadDataset reads a data task's result.
func loadDataset(ctx context.Context, r store.Reader, key string) (*dataset, error) {
	a, err := r.Artifact(ctx, key, ArtData)
	if err != nil {
		return nil, err
	}
	var d dataset
	if err := json.Unmarshal(a.Data, &d.info); err != nil {
		return nil, fmt.Errorf("data task %s: %w", key, err)
	}
	d.info.Train, d.info.Val, d.info.Test = d.info.Split.Train, d.info.Split.Val, d.info.Split.Test
	a, err = r.Artifact(ctx, key, ArtSeries)
	if err != nil {
		return nil, err
	}
	rows, cols, x, err := decodeMatrix(a.Data)
	if err != nil {
		return nil, err
	}
	d.all = forecast.NewBlock(x, cols)
	idx := make([]int, len(d.info.Columns))
	for i, c := range d.info.Columns {
		idx[i] = slices.Index(d.info.Names, c)
	}
	sel := make([]float64, 0, rows*len(idx))
	for i := 0; i < rows; i++ {
		row := d.all.Row(i)
		for _, j := range idx {
			sel = append(sel, row[j])
		}
	}
	d.x = forecast.NewBlock(sel, len(idx))
	return &d, nil
}

// column returns a copy of the stored column name.
func (d *dataset) column(name string) []float64 {
	j := slices.Index(d.info.Names, name)
	if j < 0 {
		return nil
	}
	out := make([]float64, d.all.Rows)
	for i := range out {
		out[i] = d.all.Row(i)[j]
	}
	return out
}

// trainEnd is the first row after the training part (fit + validation).
func (d *dataset) trainEnd() int { return d.info.Train + d.info.Val }

// testStart is the first test row (the rows between the training and
// test parts, when the fractions leave some, are unused).
func (d *dataset) testStart() int { return d.info.Rows - d.info.Test }
