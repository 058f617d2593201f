// The fuzz loop: the generators of test/unit/fuzz.test.ts for longer (default 120 s), with every
// rule and fixes. Prints how many inputs were tried, each failure (with its seed and a minimised
// reproduction written to a temp file) and the slowest inputs.
//   node out/scripts/fuzz.js [--seconds N] [--seed S] [--known] [--no-pathological]
// --known also runs the pathological shapes marked as known engine problems (minutes each).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PATHOLOGICAL, checkIncremental, checkText, loadCorpus, makeRng, minimise, randomInputs, type Problem } from './fuzz-inputs';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

const seconds = Number(option('--seconds') ?? 120);
const seed = Number(option('--seed') ?? Date.now() % 1_000_000);
const runKnown = process.argv.includes('--known');
const pathological = !process.argv.includes('--no-pathological');
const INCREMENTAL_STEPS = 12;

/** The seed of input i of a run: each input can be regenerated on its own. */
function inputSeed(i: number): number {
  return (Math.imul(seed, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0;
}

interface Timing {
  ms: number;
  label: string;
  chars: number;
}

async function main() {
  const corpus = loadCorpus();
  const outDir = mkdtempSync(join(tmpdir(), 'pyward-fuzz-'));
  const timings: Timing[] = [];
  const tried = new Map<string, number>();
  let failures = 0;
  const failureChecks = new Set<string>();

  const report = async (label: string, text: string, problems: Problem[], stillFails: (candidate: string) => Promise<boolean>) => {
    failures++;
    const checks = [...new Set(problems.map((p) => p.check))].join(',');
    const key = `${checks}:${problems[0].detail.split('\n')[0].replace(/\d+/g, 'N')}`;
    const first = !failureChecks.has(key);
    failureChecks.add(key);
    // Minimise only the first failure of each kind (minimising costs many analyses).
    const minimal = first ? await minimise(text, stillFails, 20_000) : text;
    const base = join(outDir, `failure-${failures}`);
    writeFileSync(`${base}.py`, minimal);
    writeFileSync(`${base}.original.py`, text);
    writeFileSync(`${base}.txt`, `${label}\n${problems.map((p) => `[${p.check}] ${p.detail}`).join('\n\n')}\n`);
    console.log(`FAIL ${label} [${checks}]\n  ${problems[0].detail.split('\n').slice(0, 4).join('\n  ')}\n  reproduction (${minimal.length} chars${first ? ', minimised' : ''}): ${base}.py ${JSON.stringify(minimal.slice(0, 200))}`);
  };

  console.log(`pyward fuzz: seed ${seed}, ${seconds} s, output in ${outDir}`);
  await checkText('x = 1\n');
  const started = Date.now();

  if (pathological) {
    for (const shape of PATHOLOGICAL) {
      if (shape.known && !runKnown) continue;
      const text = shape.build();
      const result = await checkText(text, { kind: shape.kind });
      tried.set('pathological', (tried.get('pathological') ?? 0) + 1);
      timings.push({ ms: result.ms, label: `pathological: ${shape.name}`, chars: text.length });
      console.log(`${String(Math.round(result.ms)).padStart(7)} ms  ${shape.name}${shape.known ? ` (KNOWN: ${shape.known})` : ''}`);
      if (result.problems.length > 0) {
        await report(`pathological "${shape.name}"`, text, result.problems, async (c) => (await checkText(c, { kind: shape.kind })).problems.length > 0);
      }
    }
  }

  const deadline = started + seconds * 1000;
  let i = 0;
  for (; Date.now() < deadline; i++) {
    const s = inputSeed(i);
    const rng = makeRng(s);
    const input = randomInputs(rng, corpus).next().value!;
    const kind = input.kind.split(':')[0];
    tried.set(kind, (tried.get(kind) ?? 0) + 1);
    const result = await checkText(input.text, { kind: input.fileKind });
    timings.push({ ms: result.ms, label: `${input.kind} as ${input.fileKind} (seed ${seed}, input ${i})`, chars: input.text.length });
    const label = `${input.kind}, seed ${seed}, input ${i} (input seed ${s})`;
    if (result.problems.length > 0) {
      const checks = new Set(result.problems.map((p) => p.check));
      await report(label, input.text, result.problems, async (c) => (await checkText(c, { kind: input.fileKind })).problems.some((p) => checks.has(p.check)));
      continue;
    }
    if (input.incremental) {
      tried.set('incremental', (tried.get('incremental') ?? 0) + 1);
      const editSeed = rng.int(2 ** 31);
      const problems = await checkIncremental(makeRng(editSeed), input.text, INCREMENTAL_STEPS);
      if (problems.length > 0) {
        const checks = new Set(problems.map((p) => p.check));
        await report(`incremental edits (edit seed ${editSeed}) of ${label}`, input.text, problems, async (c) =>
          (await checkIncremental(makeRng(editSeed), c, INCREMENTAL_STEPS)).some((p) => checks.has(p.check)));
      }
    }
  }

  timings.sort((a, b) => b.ms - a.ms);
  console.log(`\ninputs tried: ${[...tried.values()].reduce((a, b) => a + b, 0)} in ${Math.round((Date.now() - started) / 1000)} s (${[...tried].map(([k, n]) => `${k} ${n}`).join(', ')})`);
  console.log(`failures: ${failures}${failures > 0 ? ` (${failureChecks.size} distinct; details in ${outDir})` : ''}`);
  console.log('slowest inputs:');
  for (const t of timings.slice(0, 10)) console.log(`${String(Math.round(t.ms)).padStart(7)} ms  ${t.label} (${t.chars} chars)`);
  process.exitCode = failures > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
