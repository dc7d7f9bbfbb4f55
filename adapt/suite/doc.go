// Package suite holds the step-5 experiments of emergo on adaptive
// models: "adapt-scenarios" compares frozen, online (RLS),
// criticality-tuned and ensemble forecasters on streams with known
// change points; "adapt-reservoir" follows the conditional Lyapunov
// exponent and branching ratio of a self-tuning reservoir against fixed
// sub-critical, critical and super-critical ones; "adapt-ensemble"
// relates the diversity of equal-size ensembles to their accuracy before
// and after a regime change. docs/ADAPT.md is the guide.
//
// The experiments reuse the library: adapt (scenarios, models, drift
// detectors, Evaluate, the same path as `emergo adapt`), adapt/reservoir
// (the homeostatic reservoir) and adapt/ensemble (ensembles, negative
// correlation learning, the ambiguity decomposition). This package adds
// the reservoir arms (ReservoirFactory: a reservoir.Reservoir as an RLS
// feature map), the online inverse-error ensembles (ComboFactory) and
// the replay that lets two detectors see the same errors.
//
// References:
//
//	Gama, J., Žliobaitė, I., Bifet, A., Pechenizkiy, M. & Bouchachia, A.
//	  (2014). A survey on concept drift adaptation. ACM Computing Surveys
//	  46, 44.
//	Page, E. S. (1954). Continuous inspection schemes. Biometrika 41,
//	  100-115.
//	Bifet, A. & Gavaldà, R. (2007). Learning from time-changing data with
//	  adaptive windowing. Proc. SIAM Int. Conf. on Data Mining, 443-448.
//	Bertschinger, N. & Natschläger, T. (2004). Real-time computation at
//	  the edge of chaos in recurrent neural networks. Neural Comput. 16,
//	  1413-1436.
//	Schubert, F. & Gros, C. (2021). Local homeostatic regulation of the
//	  spectral radius of echo-state networks. Front. Comput. Neurosci.
//	  15, 587721.
//	Bates, J. M. & Granger, C. W. J. (1969). The combination of
//	  forecasts. Oper. Res. Q. 20, 451-468.
//	Krogh, A. & Vedelsby, J. (1995). Neural network ensembles, cross
//	  validation, and active learning. NIPS 7, 231-238.
//	Liu, Y. & Yao, X. (1999). Ensemble learning via negative correlation.
//	  Neural Networks 12, 1399-1404.
package suite
