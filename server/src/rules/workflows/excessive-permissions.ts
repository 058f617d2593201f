import { defineFileRule } from '../../engine/file-rule';
import { safeFix, unsafeFix, type Fix, type TextEdit } from '../../engine/fixer';
import { addToMapping, block, insertBeforePair, endOfLastLine, replaceValueWithBlock } from '../../workflows/edits';
import { jobNeeds, scopeLines, type Needs } from '../../workflows/knowledge';
import { readableWorkflow, type Job, type Permissions, type Workflow } from '../../workflows/workflow';
import { asScalar, getPair } from '../../workflows/yaml';

export default defineFileRule({
  meta: {
    id: 'PWA004',
    name: 'excessive-permissions',
    title: 'Workflow token with more permissions than it needs',
    category: 'ci',
    severity: 'medium',
    confidence: 'medium',
    cwe: 250,
    fixable: true,
    fixApplicability: ['safe', 'unsafe'],
    docs: {
      what: 'Finds workflows without a top-level `permissions:` block (the token then gets the repository\'s default, read-write in many repositories), `permissions: write-all`, and write scopes on jobs whose steps visibly do not need them.',
      why: 'Every job gets a GITHUB_TOKEN. If any step is compromised (an injected command, a hijacked action, a malicious dependency installed in CI), the attacker acts with that token: with `contents: write` they can push to branches and tags and rewrite releases. A token that can only read limits the damage to reading.',
      example: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n      - run: pytest',
      safe: 'on: push\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n      - run: pytest',
      language: 'yaml',
      references: [
        'https://cwe.mitre.org/data/definitions/250.html',
        'https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token',
        'https://docs.zizmor.sh/audits/#excessive-permissions',
      ],
    },
  },
  kinds: ['workflow'],

  check(context) {
    const workflow = readableWorkflow(context);
    if (!workflow || workflow.jobs.length === 0) return;
    const text = context.text;
    const inheriting = workflow.jobs.filter((job) => !job.permissions);
    const topNeeds = mergeNeeds(inheriting.map((job) => jobNeeds(job, workflow, text)));

    if (!workflow.permissions) {
      const onlyCalled = workflow.triggers.length > 0 && workflow.triggers.every((t) => t.name === 'workflow_call');
      if (inheriting.length > 0 && !onlyCalled) {
        const anchor = workflow.onPair?.keyNode ?? workflow.root.pairs[0];
        context.report(anchor.start, anchor.end, {
          message: `This workflow sets no top-level \`permissions:\`, so ${inheriting.length === 1 ? `job \`${inheriting[0].id}\` gets` : `${inheriting.length} jobs get`} the repository's default token, which is read-write in many repositories: any compromised step could push code or rewrite releases. Add \`permissions: contents: read\` at the top and grant write scopes only on the jobs that need them.`,
          fix: () => addTopLevel(text, workflow, inheriting),
        });
      }
    } else {
      checkPermissions(workflow.permissions, topNeeds, 'the workflow', text, workflow, context.report.bind(context));
    }
    for (const job of workflow.jobs) {
      if (job.permissions) checkPermissions(job.permissions, jobNeeds(job, workflow, text), `job \`${job.id}\``, text, workflow, context.report.bind(context));
    }
  },
});

type Report = (start: number, end: number, options: { message: string; severity?: 'low' | 'medium' | 'high'; fix?: () => Fix[] }) => void;

function checkPermissions(permissions: Permissions, needs: Needs, owner: string, text: string, workflow: Workflow, report: Report): void {
  if (permissions.form === 'write-all') {
    const value = permissions.pair.value!;
    const scopes = scopeLines(needs.scopes);
    report(value.start, value.end, {
      message: `\`permissions: write-all\` gives ${owner}'s token every write scope: a compromised step could push code, rewrite releases and change settings. Grant only what the steps need${needs.unknown ? '' : ` (here: ${scopes.join(', ')})`}.`,
      severity: 'high',
      fix: () => [permissionsFix(`Replace write-all with ${scopes.join(', ')}`, needs.unknown, [replaceValueWithBlock(text, permissions.pair, scopes, workflow.indentUnit, workflow.eol)])],
    });
    return;
  }
  if (permissions.form !== 'scopes' || needs.unknown) return;
  for (const [scope, { level, pair }] of permissions.scopes) {
    if (level !== 'write' || needs.scopes.get(scope) === 'write') continue;
    const value = asScalar(pair.value)!;
    const lower = scope === 'id-token' ? 'none' : 'read';
    report(pair.start, value.end, {
      message: `${owner[0].toUpperCase()}${owner.slice(1)} grants \`${scope}: write\`, but none of its steps visibly needs it: a compromised step could use it. Lower it to \`${scope}: ${lower}\` (or remove it).`,
      severity: 'low',
      fix: () => [unsafeFix(`Lower ${scope} to ${lower}`, `a step that writes ${scope} in a way not recognised fails`, { start: value.start, end: value.end, newText: lower })],
    });
  }
}

function mergeNeeds(all: Needs[]): Needs {
  const scopes = new Map<string, 'read' | 'write'>([['contents', 'read']]);
  for (const needs of all) for (const [scope, level] of needs.scopes) if (scopes.get(scope) !== 'write') scopes.set(scope, level);
  return { scopes, unknown: all.some((needs) => needs.unknown) };
}

/** `permissions: contents: read` after `on:`, and the write scopes on the jobs whose steps need them. */
function addTopLevel(text: string, workflow: Workflow, inheriting: readonly Job[]): Fix[] {
  const onPair = workflow.onPair;
  if (!onPair || workflow.root?.flow) return [];
  const unit = workflow.indentUnit;
  const at = endOfLastLine(text, onPair);
  const edits: TextEdit[] = [{ start: at, end: at, newText: block('permissions', ['contents: read'], unit).map((line) => `${workflow.eol}${line}`).join('') }];
  const granted: string[] = [];
  let unknown = false;
  for (const job of inheriting) {
    const needs = jobNeeds(job, workflow, text);
    unknown ||= needs.unknown;
    if (![...needs.scopes.values()].includes('write') || !job.mapping || job.mapping.flow) continue;
    const lines = block('permissions', scopeLines(needs.scopes), unit);
    const steps = getPair(job.mapping, 'steps');
    const edit = (steps && insertBeforePair(text, steps, lines, workflow.eol)) ?? addToMapping(text, job.mapping, lines, workflow.eol);
    if (!edit) return [];
    edits.push(edit);
    granted.push(job.id);
  }
  const title = granted.length ? `Add top-level permissions (contents: read) and the write scopes jobs ${granted.join(', ')} need` : 'Add top-level permissions: contents: read';
  return [permissionsFix(title, unknown, edits)];
}

/** Safe when every step's needs are known (the scopes granted cover them), unsafe otherwise. */
function permissionsFix(title: string, unknown: boolean, edits: TextEdit[]): Fix {
  return unknown ? unsafeFix(title, 'steps whose needs are not known may lack a permission', edits) : safeFix(title, edits);
}
