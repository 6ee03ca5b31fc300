// The trial orchestrator: load → plan → build/measure/smoke → rank → write, with progress, stop policy, resume and the results.json reader.
export { runTrial, type TrialOutcome } from './trial.js';
export { readResults, RESULTS_FILE } from './results-file.js';
