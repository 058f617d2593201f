// A rule that throws is skipped for that site and reported; the other rules carry on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FileAnalysis } from '../../server/src/engine/analysis';
import { loadPython, parse } from '../../server/src/engine/python';
import { RuleRegistry } from '../../server/src/engine/registry';
import { defineRule, type Rule } from '../../server/src/engine/rule';
import { ALL_RULES } from '../../server/src/rules/index';

const broken = defineRule({
  meta: { ...ALL_RULES[0].meta, id: 'PW999', name: 'always-throws' },
  calls: ['yaml.load'],
  checkCall() {
    throw new Error('bug in a rule');
  },
});

test('a throwing rule does not stop the analysis of the file', async () => {
  const python = await loadPython();
  const failures: [Rule, unknown][] = [];
  const analysis = new FileAnalysis(new RuleRegistry([broken, ...ALL_RULES]), python, {
    onRuleError: (rule, error) => failures.push([rule, error]),
  });
  const text = 'import yaml\nyaml.load(a)\nyaml.load(b)\n';
  analysis.analyzeAll(parse(python.createParser(), text), text);
  assert.deepEqual(analysis.findings.map((f) => f.ruleId), ['PW104', 'PW104']);
  assert.equal(failures.length, 2);
  assert.equal(failures[0][0].meta.id, 'PW999');
  assert.match(String(failures[0][1]), /bug in a rule/);
});

test('a rule that is too slow is switched off for the file, and the others still report', async () => {
  let calls = 0;
  const slow = defineRule({
    meta: { ...ALL_RULES[0].meta, id: 'PW998', name: 'very-slow' },
    calls: ['yaml.load'],
    checkCall() {
      calls++;
      const until = Date.now() + 60;
      while (Date.now() < until) {
        // Busy, as a runaway regular expression would be.
      }
    },
  });
  const python = await loadPython();
  const failures: string[] = [];
  const analysis = new FileAnalysis(new RuleRegistry([slow, ...ALL_RULES]), python, {
    slowRuleMs: 30,
    onRuleError: (rule, error) => failures.push(`${rule.meta.id}: ${String(error)}`),
  });
  const text = 'import yaml\nyaml.load(a)\nyaml.load(b)\nyaml.load(c)\n';
  analysis.analyzeAll(parse(python.createParser(), text), text);
  assert.equal(calls, 2, 'switched off after its first slow call, timed twice to rule out a pause of the thread');
  assert.deepEqual(analysis.findings.map((f) => f.ruleId), ['PW104', 'PW104', 'PW104']);
  assert.equal(failures.length, 1);
  assert.match(failures[0], /^PW998: Error: took \d+ ms on one call; switched off for this file$/);
});

test('a rule slow once (a pause of the thread) is not switched off', async () => {
  let calls = 0;
  const once = defineRule({
    meta: { ...ALL_RULES[0].meta, id: 'PW998', name: 'slow-once' },
    calls: ['yaml.load'],
    checkCall(call, context) {
      if (++calls === 1) {
        const until = Date.now() + 60;
        while (Date.now() < until) {
          // As if the machine had paused the thread.
        }
      }
      context.report(call.node, { message: 'found' });
    },
  });
  const python = await loadPython();
  const failures: string[] = [];
  const analysis = new FileAnalysis(new RuleRegistry([once]), python, { slowRuleMs: 30, onRuleError: (rule, error) => failures.push(String(error)) });
  const text = 'import yaml\nyaml.load(a)\nyaml.load(b)\n';
  analysis.analyzeAll(parse(python.createParser(), text), text);
  assert.deepEqual(failures, []);
  assert.equal(analysis.findings.length, 2, 'one finding per call, none from the second timing');
});
