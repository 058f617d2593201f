// How long each secrets detector takes on hostile input: the 1 MB single line of near misses the
// regular-expression safety test uses (test/unit/secrets-redos.test.ts), scanned by every
// detector on its own, then by every secrets rule through the engine (configuration file and
// Python). Prints figures; asserts nothing.
//
//   npm run build && node out/scripts/bench-secrets.js
import { performance } from 'node:perf_hooks';
import { analyzePython, analyzeSource } from '../server/src/engine/index';
import { RuleRegistry } from '../server/src/engine/registry';
import { configValues } from '../server/src/rules/secrets/detectors/config-values';
import { secretDetectors, secretsRules } from '../server/src/rules/secrets/index';
import { nearMissLine } from '../test/unit/secrets-fakes';

function timed<T>(run: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = run();
  return { value, ms: performance.now() - start };
}

async function main(): Promise<void> {
  const line = nearMissLine();
  console.log(`input: one line of ${line.length} characters of near misses\n`);
  let total = 0;
  for (const detector of secretDetectors) {
    const { value, ms } = timed(() => detector.scan(line));
    total += ms;
    console.log(`${detector.meta.id} ${detector.meta.name.padEnd(24)} ${ms.toFixed(1).padStart(8)} ms  ${value.length} found`);
  }
  console.log(`${'all detectors'.padEnd(31)} ${total.toFixed(1).padStart(8)} ms`);
  const tokenizer = timed(() => configValues(`key = ${line}`));
  console.log(`${'configuration tokenizer'.padEnd(31)} ${tokenizer.ms.toFixed(1).padStart(8)} ms`);
  const registry = new RuleRegistry(secretsRules);
  await analyzePython('x = 1\n', registry);
  let start = performance.now();
  await analyzeSource(`key: ${line}\n`, 'config', registry, { file: { path: 'settings.yaml', isTest: false } });
  console.log(`${'engine, YAML file'.padEnd(31)} ${(performance.now() - start).toFixed(1).padStart(8)} ms`);
  start = performance.now();
  await analyzePython(`value = "${line.replace(/["\\]/g, '')}"\n# ${line}\n`, registry);
  console.log(`${'engine, Python string + comment'.padEnd(31)} ${(performance.now() - start).toFixed(1).padStart(8)} ms`);
}

void main();
