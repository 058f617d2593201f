// Bandit's checks live with the engine (server/src/engine/bandit-checks.ts), which reads their
// names in `# nosec` comments; the documentation generator and the benchmarks read them here.
export { BANDIT_CHECKS, type BanditCheck } from '../server/src/engine/bandit-checks';
