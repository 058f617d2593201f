import { defineFileRule } from '../../engine/file-rule';
import { isReleaseJob } from '../../workflows/knowledge';
import { type Step, type Workflow, readableWorkflow } from '../../workflows/workflow';
import { asMapping, asScalar, asSequence, get, getPair, type Span } from '../../workflows/yaml';

/**
 * Actions that restore a cache, and when: `always`, or only when an input turns caching on
 * (`cache: pip`), or unless an input turns it off (setup-uv and setup-go cache by default;
 * `lookup-only: true` makes actions/cache only check for a hit).
 */
const CACHING_ACTIONS: Readonly<Record<string, { input?: string; byDefault: boolean; inverted?: boolean }>> = {
  'actions/cache': { input: 'lookup-only', byDefault: true, inverted: true },
  'actions/cache/restore': { input: 'lookup-only', byDefault: true, inverted: true },
  'swatinem/rust-cache': { input: 'lookup-only', byDefault: true, inverted: true },
  'actions/setup-python': { input: 'cache', byDefault: false },
  'actions/setup-node': { input: 'cache', byDefault: false },
  'actions/setup-java': { input: 'cache', byDefault: false },
  'actions/setup-go': { input: 'cache', byDefault: true },
  'astral-sh/setup-uv': { input: 'enable-cache', byDefault: true },
  'pdm-project/setup-pdm': { input: 'cache', byDefault: false },
  'prefix-dev/setup-pixi': { input: 'cache', byDefault: false },
  'mamba-org/setup-micromamba': { input: 'cache-environment', byDefault: false },
};

export default defineFileRule({
  meta: {
    id: 'PWA009',
    name: 'cache-poisoning',
    title: 'Cache restored in a release or publishing workflow',
    category: 'ci',
    severity: 'high',
    confidence: 'medium',
    cwe: 349,
    fixable: false,
    docs: {
      what: 'Finds caches restored in release and publishing workflows: in jobs that upload to PyPI or publish a release, or in any job of a workflow triggered by a release, a tag push or a push to a release branch. Caching steps are `actions/cache` (and `actions/cache/restore`), and setup actions with caching on: `setup-python`/`setup-node`/`setup-java` with `cache:`, `setup-uv`, `setup-go` and `Swatinem/rust-cache` unless it is turned off (`lookup-only: true` for the cache actions).',
      why: 'GitHub Actions caches are shared across the workflows of a repository: any workflow run on the default branch, including one that ran a pull request\'s code or a compromised dependency, can write a cache entry the release job later restores. Whatever it left (a patched package, a poisoned virtual environment) is then built into the release and signed with its credentials.',
      example: 'on:\n  release:\n    types: [published]\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    permissions:\n      id-token: write\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n      - uses: astral-sh/setup-uv@e92bafb6253dcd438e0484186d7669ea7a8ca1cc # v6.4.3\n      - run: uv build\n      - uses: pypa/gh-action-pypi-publish@76f52bc884231f62b9a034ebfe128415bbaabdfc # v1.12.4',
      safe: 'on:\n  release:\n    types: [published]\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    permissions:\n      id-token: write\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n      - uses: astral-sh/setup-uv@e92bafb6253dcd438e0484186d7669ea7a8ca1cc # v6.4.3\n        with:\n          enable-cache: false\n      - run: uv build\n      - uses: pypa/gh-action-pypi-publish@76f52bc884231f62b9a034ebfe128415bbaabdfc # v1.12.4',
      language: 'yaml',
      references: [
        'https://cwe.mitre.org/data/definitions/349.html',
        'https://adnanthekhan.com/2024/05/06/the-monsters-in-your-build-cache-github-actions-cache-poisoning/',
        'https://docs.zizmor.sh/audits/#cache-poisoning',
        'https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/caching-dependencies-to-speed-up-workflows#restrictions-for-accessing-a-cache',
      ],
    },
  },
  kinds: ['workflow'],

  check(context) {
    const workflow = readableWorkflow(context);
    if (!workflow) return;
    const releaseTrigger = releaseTriggerOf(workflow);
    for (const job of workflow.jobs) {
      const publishes = isReleaseJob(job, context.text);
      if (!publishes && !releaseTrigger) continue;
      const why = publishes ? 'this job publishes' : `this workflow runs on ${releaseTrigger}`;
      for (const step of job.steps) {
        const cache = cacheOf(step);
        if (!cache) continue;
        context.report(cache.start, cache.end, {
          message: `This step restores a cache, and ${why}: a cache written by a less trusted run (a pull request's, another workflow's) ends up in the release. Turn caching off here.`,
        });
      }
    }
  },
});

/** What makes the workflow a release one: a `release` trigger, a push of tags, or of release branches. */
function releaseTriggerOf(workflow: Workflow): string | undefined {
  if (workflow.triggers.some((trigger) => trigger.name === 'release')) return '`release`';
  const on = asMapping(workflow.onPair?.value);
  const push = asMapping(get(on, 'push'));
  if (push && getPair(push, 'tags')) return 'tag pushes';
  const branches = get(push, 'branches');
  const names = asSequence(branches)?.items.map((item) => asScalar(item)?.value ?? '') ?? [asScalar(branches)?.value ?? ''];
  return names.some((name) => /release/i.test(name)) ? 'pushes to release branches' : undefined;
}

/** The span to report when the step restores a cache: the caching input, else the `uses:` value. */
function cacheOf(step: Step): Span | undefined {
  const repository = step.uses?.repository;
  const path = step.uses ? step.uses.value.split('@')[0].toLowerCase() : '';
  const action = repository ? CACHING_ACTIONS[path] ?? CACHING_ACTIONS[repository] : undefined;
  if (!action || !step.uses) return undefined;
  if (!action.input) return step.uses.scalar;
  const pair = getPair(step.with, action.input);
  const value = asScalar(pair?.value)?.value.trim().toLowerCase();
  if (action.inverted) return value === 'true' ? undefined : step.uses.scalar;
  const on = value === undefined ? action.byDefault : value !== '' && value !== 'false' && value !== 'none';
  return on ? (pair ?? step.uses.scalar) : undefined;
}
