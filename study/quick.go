package study

// Quick returns a reduced copy of a validated spec for smoke tests (the
// `--quick` flag): at most two seeds, shorter series, smaller and
// shorter-trained models, shorter Lyapunov averages, fewer bootstrap
// replicates and homogenization instances. The study keeps the same
// systems, models and analyses, so every step and plot is exercised; its
// name gets a " (quick)" suffix so its results are stored apart.
func Quick(s *Spec) *Spec {
	q := *s
	q.Name = s.Name + " (quick)"
	q.Seeds = s.Seeds[:min(len(s.Seeds), 2)]
	q.Sampling.Length = min(s.Sampling.Length, 1500)
	q.Sampling.Transient = min(s.Sampling.Transient, 500)
	q.Systems = make([]SystemSpec, len(s.Systems))
	for i, sy := range s.Systems {
		if sy.Sampling != nil {
			sm := *sy.Sampling
			if sm.Length > 0 {
				sm.Length = min(sm.Length, 4000)
			}
			sy.Sampling = &sm
		}
		q.Systems[i] = sy
	}
	q.Models = make([]ModelSpec, len(s.Models))
	for i, m := range s.Models {
		h := maps2(m.Hyper)
		switch m.Name {
		case "mlp", "gru", "lstm", "transformer":
			h["epochs"] = min(valueOr(h, "epochs", 5), 3)
			h["hidden"] = min(valueOr(h, "hidden", 16), 16)
		case "esn":
			h["size"] = min(valueOr(h, "size", 100), 100)
		}
		m.Hyper = h
		q.Models[i] = m
	}
	a := s.Analyses
	a.Forecast.Origins = min(a.Forecast.Origins, 8)
	if a.Lyapunov != nil {
		l := *a.Lyapunov
		l.Time = min(l.Time, 50)
		a.Lyapunov = &l
	}
	if a.ModelLyapunov != nil {
		l := *a.ModelLyapunov
		l.Steps = min(l.Steps, 300)
		a.ModelLyapunov = &l
	}
	a.PowerLaw.Bootstrap = min(a.PowerLaw.Bootstrap, 20)
	q.Analyses = a
	if s.Homogenization != nil {
		h := *s.Homogenization
		h.Instances = min(h.Instances, 60)
		h.K = min(h.K, 5)
		q.Homogenization = &h
	}
	if s.Scale != nil {
		sc := *s.Scale
		sc.Sizes = sc.Sizes[:min(len(sc.Sizes), 3)]
		sc.TrainFractions = sc.TrainFractions[:min(len(sc.TrainFractions), 1)]
		q.Scale = &sc
	}
	q.Experiments = make([]ExperimentSpec, len(s.Experiments))
	for i, e := range s.Experiments {
		e.Quick = true
		q.Experiments[i] = e
	}
	return &q
}

func valueOr(m map[string]float64, k string, def float64) float64 {
	if v, ok := m[k]; ok {
		return v
	}
	return def
}
