// Package foundation builds foundation models of complex systems: a
// patch-based Transformer pretrained on a corpus of many simulated
// systems, then used zero-shot or adapted (head-only or full
// fine-tuning) on downstream systems and real series, and evaluated
// against per-system baselines.
//
// # Corpus
//
// BuildCorpus simulates the catalogue's systems (flows by default; maps
// and delay systems on request): several trajectories per system from
// perturbed initial conditions, some with jittered parameters, sampled at
// a fixed number of points per dominant period after a transient, with
// diverging, fixed-point and periodic trajectories rejected (Classify).
// Every channel of every trajectory becomes one standardised univariate
// series (channel independence: one model handles any dimension). Split
// divides the systems, never the trajectories: held-out systems never
// appear in pretraining. The package imports system/catalog (its
// experiments draw corpora from the catalogue), so the catalogue is
// always registered. The corpus is a pure function of its
// CorpusConfig: each system's trajectories are drawn from a generator
// seeded by the corpus seed and the system's name, whatever the number of
// workers; NumSystems takes nested prefixes of one seeded system order,
// so corpora of a size sweep share their held-out systems.
//
// # Model
//
// Model (see its documentation) normalises each window by its own mean
// and scale (RevIN), cuts it into patches, embeds them, runs pre-norm
// Transformer encoder blocks of package nn and maps the encoding to the
// next H values with a linear head. Sizes go from about 10⁴ to 10⁶
// parameters through the presets "micro", "tiny", "small", "medium"
// (Preset) or explicit Config fields. The model implements
// forecast.Forecaster (Fit adapts according to Model.Adapt; zero-shot by
// default), forecast.Representer (patch-averaged encoder features per
// channel) and forecast.Dynamics (the closed loop as a map with a
// finite-difference Jacobian).
//
// # Training
//
// Pretrain trains on windows drawn from the corpus with AdamW, a warm-up
// and cosine schedule and gradient clipping (nn.Trainer). Every
// CheckpointEvery updates it validates on fixed windows of the pretraining
// systems' validation trajectories and, with a directory, writes
// ModelFile, CheckpointFile (the full training state) and ManifestFile;
// resuming from the checkpoint is bit-identical to an uninterrupted run.
// Training randomness (windows, dropout) comes from the trainer's seeded
// generator, which the checkpoint holds.
//
// # Evaluation
//
// Evaluate scores candidates on a Target: sMAPE of the first rows of
// forecasts from several origins, valid prediction time in Lyapunov times
// (literature λ1), and the attractor fidelity (state-marginal KL and
// power-spectrum distance) of a long closed-loop rollout. Baselines are
// the mean, persistence, context parroting (Parrot; Zhang & Gilpin 2025)
// and per-system NVAR, ESN and GRU trained on the same downstream rows.
//
// # Scaling and homogenization studies
//
// RunGrid pretrains over model sizes × numbers of pretraining systems ×
// seeds, scores every run zero-shot on the held-out systems at several
// checkpoints, and hands each capability (continuous: sMAPE, VPT, KL;
// thresholded: fractions of systems past a VPT or KL threshold) against
// each scale axis to emergence.Assess, so that a jump seen only in
// thresholded metrics is reported as a metric artefact (Schaeffer et al.
// 2023). RunHomogenization adapts downstream models from one shared
// pretrained model, from scratch, and from several pretrained models,
// measures their similarity (CKA, mutual k-NN), error correlation,
// systemic failure and outcome homogenization on common probes
// (ProbeErrors), and tests whether a defect planted in the shared model's
// corpus is inherited downstream. Both are registered as experiments
// ("foundation-emergence", "foundation-homogenization", with
// "foundation-zeroshot"); docs/FOUNDATION.md records measured results.
//
// References:
//
//	Nie, Y. et al. (2023). A time series is worth 64 words: long-term
//	  forecasting with Transformers. ICLR.
//	Lai, J., Bao, A. & Gilpin, W. (2025). Panda: a pretrained forecast
//	  model for universal representation of chaotic dynamics.
//	  arXiv:2505.13755.
//	Zhang, Y. & Gilpin, W. (2025). Zero-shot forecasting of chaotic
//	  systems. ICLR.
//	Gilpin, W. (2021). Chaos as an interpretable benchmark for forecasting
//	  and data-driven modelling. NeurIPS Datasets and Benchmarks.
//	Schaeffer, R., Miranda, B. & Koyejo, S. (2023). Are emergent
//	  abilities of large language models a mirage? NeurIPS 36.
//	Bommasani, R. et al. (2021). On the opportunities and risks of
//	  foundation models. arXiv:2108.07258.
//	Bommasani, R., Creel, K. A., Kumar, A., Jurafsky, D. & Liang, P.
//	  (2022). Picking on the same person: does algorithmic monoculture
//	  lead to outcome homogenization? NeurIPS 35.
//	Toups, C. et al. (2023). Ecosystem-level analysis of deployed machine
//	  learning reveals homogeneous outcomes. NeurIPS 36.
package foundation
