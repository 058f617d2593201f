import { defineFileRule } from '../../engine/file-rule';
import { unsafeFix, type Fix, type TextEdit } from '../../engine/fixer';
import { addToMapping, fillEmptyPair, endOfLastLine, indent } from '../../workflows/edits';
import { ARTIFACT_UPLOADS, CHECKOUT, jobNeeds } from '../../workflows/knowledge';
import { readableWorkflow, type Step, type Workflow } from '../../workflows/workflow';
import { asScalar, columnOf, get, getPair } from '../../workflows/yaml';

export default defineFileRule({
  meta: {
    id: 'PWA006',
    name: 'checkout-persisted-credentials',
    title: 'Checkout leaves the token on disk in a job that uploads artifacts',
    category: 'ci',
    severity: 'medium',
    confidence: 'medium',
    cwe: 522,
    fixable: true,
    fixApplicability: ['unsafe'],
    docs: {
      what: 'Finds `actions/checkout` steps without `persist-credentials: false` in jobs that also upload an artifact (medium, high when the artifact is the whole workspace); in other jobs, low, unless the job pushes (`git push` and actions that commit need the stored token).',
      why: '`actions/checkout` writes the job\'s GITHUB_TOKEN into `.git/config` by default so later steps can push. When the job then uploads its workspace (or part that includes `.git`) as an artifact, anyone who can download the artifact (on a public repository, anyone) gets a live token. Even without an upload, any later step can read it.',
      example: 'steps:\n  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n  - run: python -m build\n  - uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2\n    with:\n      path: .',
      safe: 'steps:\n  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n    with:\n      persist-credentials: false\n  - run: python -m build\n  - uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2\n    with:\n      path: dist/',
      language: 'yaml',
      references: [
        'https://cwe.mitre.org/data/definitions/522.html',
        'https://unit42.paloaltonetworks.com/github-repo-artifacts-leak-tokens/',
        'https://github.com/actions/checkout#usage',
        'https://docs.zizmor.sh/audits/#artipacked',
      ],
    },
  },
  kinds: ['workflow', 'action'],

  check(context) {
    const workflow = readableWorkflow(context);
    if (!workflow) return;
    const text = context.text;
    for (const job of workflow.jobs) {
      const uploads = job.steps.filter((step) => step.uses && ARTIFACT_UPLOADS.has(step.uses.repository));
      const wide = uploads.some(uploadsWorkspace);
      // A job that pushes uses the stored token on purpose.
      if (uploads.length === 0 && jobNeeds(job, workflow, text).scopes.get('contents') === 'write') continue;
      for (const step of job.steps) {
        if (step.uses?.repository !== CHECKOUT) continue;
        const persist = asScalar(get(step.with, 'persist-credentials'))?.value.trim().toLowerCase();
        if (persist === 'false') continue;
        const { start, end } = step.uses.scalar;
        context.report(start, end, {
          message:
            uploads.length > 0
              ? `This checkout stores the job's GITHUB_TOKEN in \`.git/config\`, and the job uploads an artifact${wide ? ' of the whole workspace' : ''}: a token in an artifact is readable by anyone who can download it, and any later step can read it too. Add \`persist-credentials: false\` under \`with:\` (steps that push then need the token passed explicitly).`
              : 'This checkout leaves the job\'s GITHUB_TOKEN in `.git/config`, where every later step can read it. Add `persist-credentials: false` unless a step pushes.',
          severity: wide ? 'high' : uploads.length > 0 ? 'medium' : 'low',
          fix: () => addPersistCredentials(text, workflow, step),
        });
      }
    }
  },
});

/** An upload whose path is the workspace itself, or that includes hidden files such as `.git`. */
function uploadsWorkspace(step: Step): boolean {
  const path = asScalar(get(step.with, 'path'))?.value ?? '';
  const hidden = asScalar(get(step.with, 'include-hidden-files'))?.value.trim().toLowerCase() === 'true';
  return hidden || path.split(/\r\n?|\n/).some((line) => /^\s*(\.\/?|\$\{\{\s*github\.workspace\s*\}\}\/?)\s*$/.test(line));
}

function addPersistCredentials(text: string, workflow: Workflow, step: Step): Fix[] {
  const entry = 'persist-credentials: false';
  let edit: TextEdit | undefined;
  const existing = getPair(step.with, 'persist-credentials');
  const existingValue = asScalar(existing?.value);
  if (existingValue) edit = { start: existingValue.start, end: existingValue.end, newText: 'false' };
  else if (step.with) edit = addToMapping(text, step.with, [entry], workflow.eol);
  else if (step.withPair) edit = step.withPair.value ? undefined : fillEmptyPair(text, step.withPair, [entry], workflow.indentUnit, workflow.eol);
  else if (step.mapping.flow) edit = addToMapping(text, step.mapping, [`with: {${entry}}`], workflow.eol);
  else {
    // `with:` right after `uses:`, at the step's indentation.
    const uses = getPair(step.mapping, 'uses')!;
    const column = columnOf(text, step.mapping.pairs[0].start);
    const at = endOfLastLine(text, uses);
    edit = { start: at, end: at, newText: `${workflow.eol}${indent(column)}with:${workflow.eol}${indent(column + workflow.indentUnit)}${entry}` };
  }
  return edit ? [unsafeFix('Add persist-credentials: false', 'later git commands in the job no longer have the token', edit)] : [];
}
