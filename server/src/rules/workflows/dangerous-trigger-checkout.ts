import { defineFileRule } from '../../engine/file-rule';
import { CHECKOUT } from '../../workflows/knowledge';
import { expressionsIn, readableWorkflow, type Workflow } from '../../workflows/workflow';
import { asScalar, getPair, scalarLines } from '../../workflows/yaml';

/** Triggers that run with the base repository's secrets and a write token, whoever opened the pull request. */
const PRIVILEGED = new Set(['pull_request_target', 'workflow_run', 'issue_comment']);

/** Contexts naming the pull request's own code: its head commit, branch, merge commit or fork. */
const PR_HEAD = [
  /^github\.event\.pull_request\.head\.(sha|ref|repo\.full_name|repo\.clone_url)$/,
  /^github\.event\.pull_request\.merge_commit_sha$/,
  /^github\.head_ref$/,
  /^github\.event\.workflow_run\.(head_sha|head_branch|head_commit\.id|head_repository\.full_name)$/,
  /^github\.event\.workflow_run\.pull_requests\.\*\.head\.(sha|ref)$/,
];

/** Script lines that fetch or check out the pull request's code. */
const FETCHES_PR = [
  /\bgh\s+pr\s+checkout\b/,
  /\bgit\s+fetch\b.*(refs\/pull\/|\bpull\/\$)/,
  /\bgit\s+(checkout|switch)\s+(?!-[bBc]\b).*(refs\/pull\/|FETCH_HEAD|pull_request\.head\.(sha|ref)|workflow_run\.head_(sha|branch)|github\.head_ref)/,
];

export default defineFileRule({
  meta: {
    id: 'PWA002',
    name: 'dangerous-trigger-checkout',
    title: 'Privileged trigger checks out pull request code',
    category: 'ci',
    severity: 'high',
    confidence: 'medium',
    cwe: 829,
    fixable: false,
    docs: {
      what: 'Finds workflows triggered by `pull_request_target`, `workflow_run` or `issue_comment` that check out the pull request\'s code (`ref: ${{ github.event.pull_request.head.sha }}`, `refs/pull/…`, `gh pr checkout`). When nothing checks it out but a job holds secrets or a write token, the trigger itself is reported, low.',
      why: 'These triggers run in the context of the base repository: with its secrets and a token that can write, even for a pull request from a stranger\'s fork. Checking out the fork\'s code and then building, testing or installing it runs that stranger\'s code (a `setup.py`, a test, a `conftest.py`, a pre-commit hook) with those privileges: a "pwn request".',
      example: 'on: pull_request_target\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: pip install . && pytest',
      safe: '# Test untrusted code without secrets; comment or label from a separate workflow.\non: pull_request\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n        with:\n          persist-credentials: false\n      - run: pip install . && pytest',
      language: 'yaml',
      references: [
        'https://cwe.mitre.org/data/definitions/829.html',
        'https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/',
        'https://docs.zizmor.sh/audits/#dangerous-triggers',
        'https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#pull_request_target',
      ],
    },
  },
  kinds: ['workflow'],

  check(context) {
    const workflow = readableWorkflow(context);
    if (!workflow) return;
    const trigger = workflow.triggers.find((t) => PRIVILEGED.has(t.name));
    if (!trigger) return;
    const text = context.text;
    let checksOut = false;
    const why = `this workflow runs on \`${trigger.name}\`, with the base repository's secrets and a write token, so building or testing that code runs an outsider's code with them. Check out the base branch only, or test the pull request in a \`pull_request\` workflow without secrets.`;
    for (const job of workflow.jobs) {
      for (const step of job.steps) {
        if (step.uses?.repository === CHECKOUT) {
          const names = (paths: string[]) => paths.some((path) => PR_HEAD.some((pattern) => pattern.test(path)));
          const head = ['ref', 'repository']
            .map((key) => getPair(step.with, key))
            .filter((pair) => {
              const value = asScalar(pair?.value);
              return value && (expressionsIn(value, text).some((e) => names(e.contexts)) || /refs\/pull\//.test(value.value));
            })
            .sort((a, b) => a!.start - b!.start)[0];
          if (head) {
            const value = asScalar(head.value)!;
            checksOut = true;
            context.report(head.start, value.end, { message: `This checkout fetches the pull request's own code (\`${head.key}: ${value.value.trim()}\`), and ${why}` });
          }
        }
        if (!step.run) continue;
        const line = scalarLines(step.run, text).find((l) => FETCHES_PR.some((pattern) => pattern.test(l.text)));
        if (!line) continue;
        const command = line.text.replace(/\s+#.*$/, '').trimEnd();
        checksOut = true;
        context.report(line.start, line.start + command.length, { message: `This script fetches the pull request's own code, and ${why}` });
      }
    }
    // No checkout of the pull request today; the trigger still hands secrets or a write token to
    // whatever a later edit makes the workflow run.
    const holds = privilegesHeld(workflow);
    if (!checksOut && holds) {
      context.report(trigger.span.start, trigger.span.end, {
        message: `\`${trigger.name}\` runs with ${holds} even for forks' pull requests; nothing checks out their code yet. Prefer \`pull_request\` unless the job needs them.`,
        severity: 'low',
      });
    }
  },
});

/** What the workflow's jobs hold that a pull request's code must never reach: secrets, a write token. */
function privilegesHeld(workflow: Workflow): string | undefined {
  const writes = [workflow.permissions, ...workflow.jobs.map((job) => job.permissions)].some(
    (permissions) => permissions && (permissions.form === 'write-all' || [...permissions.scopes.values()].some((scope) => scope.level === 'write')),
  );
  if (workflow.usesSecrets && writes) return 'secrets and a write token';
  if (workflow.usesSecrets) return 'the repository\'s secrets';
  return writes ? 'a write token' : undefined;
}
