// Measures what a baseline adds to an audit: the audit itself, writing the baseline file
// (fingerprinting every finding), and reading it back and comparing the audit with it, as
// `pyward audit --baseline` does. Prints figures; asserts nothing.
//
//   node out/scripts/bench-baseline.js FOLDER
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { applyBaselines } from '../server/src/baseline/apply';
import { renderBaseline } from '../server/src/baseline/baseline';
import { auditPaths } from '../server/src/workspace/audit';

const ROUNDS = 5;

async function main(): Promise<void> {
  const folder = resolve(process.argv[2] ?? '.');
  const scratch = mkdtempSync(join(tmpdir(), 'pyward-bench-baseline-'));
  try {
    let started = performance.now();
    const result = await auditPaths([folder]);
    const auditMs = performance.now() - started;
    const findings = result.files.reduce((sum, file) => sum + file.findings.length, 0);
    console.log(`audit of ${folder}: ${auditMs.toFixed(0)} ms (${result.files.length} files, ${findings} findings)`);

    const file = join(scratch, 'pyward-baseline.json');
    const time = (work: () => void) => {
      const samples: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        started = performance.now();
        work();
        samples.push(performance.now() - started);
      }
      return Math.min(...samples);
    };
    const writeMs = time(() => writeFileSync(file, renderBaseline(result, file)));
    console.log(`write the baseline:   ${writeMs.toFixed(1)} ms (${statSync(file).size} bytes), best of ${ROUNDS}`);
    let hidden = 0;
    const applyMs = time(() => {
      const outcome = applyBaselines(result, () => file)!;
      hidden = findings - outcome.newOnly.files.reduce((sum, f) => sum + f.findings.length, 0);
    });
    console.log(`read and apply it:    ${applyMs.toFixed(1)} ms (${hidden} of ${findings} findings baselined), best of ${ROUNDS}`);
    console.log(`added to the audit:   ${((applyMs / auditMs) * 100).toFixed(2)} %`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

void main();
