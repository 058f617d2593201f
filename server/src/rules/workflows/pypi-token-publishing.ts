import { defineFileRule } from '../../engine/file-rule';
import { unsafeFix, type Fix, type TextEdit } from '../../engine/fixer';
import { addToMapping, block, disjointEdits, insertBeforePair, removePairLines } from '../../workflows/edits';
import { jobNeeds, PUBLISH_COMMAND, PYPI_PUBLISH, scopeLines, scriptText, tokenEnvironment } from '../../workflows/knowledge';
import { readableWorkflow, type Job, type Step, type Workflow } from '../../workflows/workflow';
import { asScalar, get, getPair, type YamlPair } from '../../workflows/yaml';

export default defineFileRule({
  meta: {
    id: 'PWA005',
    name: 'pypi-token-publishing',
    title: 'PyPI publishing with a long-lived API token',
    category: 'ci',
    severity: 'medium',
    confidence: 'high',
    cwe: 522,
    fixable: true,
    fixApplicability: ['unsafe'],
    docs: {
      what: 'Finds PyPI uploads authenticated with a stored API token: `pypa/gh-action-pypi-publish` given `password:` (unless `repository-url:` names a private index, where Trusted Publishing does not exist), or `twine`/`uv`/`poetry`/`flit`/`hatch`/`pdm` publishing with a token environment variable such as `TWINE_PASSWORD`.',
      why: 'An API token stored as a repository secret is valid until someone revokes it, and anyone who can run code in any job that sees it (a compromised action, an injected command) can copy it and publish malicious releases of your package later, from anywhere. Trusted Publishing (OpenID Connect) gives each run a token that lives 15 minutes and works only from the workflow you registered on PyPI.',
      example: 'jobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: pypa/gh-action-pypi-publish@76f52bc884231f62b9a034ebfe128415bbaabdfc # v1.12.4\n        with:\n          password: ${{ secrets.PYPI_API_TOKEN }}',
      safe: 'jobs:\n  publish:\n    runs-on: ubuntu-latest\n    environment: pypi\n    permissions:\n      id-token: write\n    steps:\n      - uses: pypa/gh-action-pypi-publish@76f52bc884231f62b9a034ebfe128415bbaabdfc # v1.12.4',
      language: 'yaml',
      references: [
        'https://cwe.mitre.org/data/definitions/522.html',
        'https://docs.pypi.org/trusted-publishers/',
        'https://github.com/pypa/gh-action-pypi-publish#trusted-publishing',
        'https://docs.astral.sh/uv/guides/integration/github/#publishing-to-pypi',
      ],
    },
  },
  kinds: ['workflow', 'action'],

  check(context) {
    const workflow = readableWorkflow(context);
    if (!workflow) return;
    const text = context.text;
    for (const job of workflow.jobs) {
      for (const step of job.steps) {
        if (step.uses?.repository === PYPI_PUBLISH) {
          const password = getPair(step.with, 'password');
          if (!password || !asScalar(password.value)?.value.trim()) continue;
          // A private index (Artifactory, CodeArtifact, devpi) has no Trusted Publishing: a token is how it works.
          if (privateRepository(step)) continue;
          context.report(password.start, password.end, {
            message: `This PyPI upload authenticates with a long-lived API token (\`password:\`): whoever steals it from any step that can read it can publish releases of your package until it is revoked. Use Trusted Publishing instead: register this workflow on PyPI, remove \`password:\` and grant the job \`id-token: write\`.`,
            fix: () => switchToTrustedPublishing(text, workflow, job, step, password),
          });
        } else if (step.run && PUBLISH_COMMAND.test(scriptText(step, text))) {
          const command = PUBLISH_COMMAND.exec(scriptText(step, text))![1].replace(/\s+/, ' ');
          for (const variable of tokenEnvironment(step, job, workflow)) {
            context.report(variable.start, variable.end, {
              message: `\`${command}\` authenticates with a long-lived token passed in \`${variable.key}\`: whoever steals it from any step that can read it can publish releases of your package until it is revoked. Use Trusted Publishing: register this workflow on PyPI, grant the job \`id-token: write\` and publish with \`pypa/gh-action-pypi-publish\` (or \`uv publish\`, which uses it automatically) without a token.`,
            });
          }
        }
      }
    }
  },
});

function switchToTrustedPublishing(text: string, workflow: Workflow, job: Job, step: Step, password: YamlPair): Fix[] {
  if (!step.with || step.with.flow) return [];
  const edits: TextEdit[] = [];
  const user = getPair(step.with, 'user');
  const removed = [password, ...(user && asScalar(user.value)?.value.trim() === '__token__' ? [user] : [])];
  if (removed.length === step.with.pairs.length) {
    // Nothing left under `with:`: remove it too.
    edits.push(removePairLines(text, step.withPair!));
  } else {
    for (const pair of removed) edits.push(removePairLines(text, pair));
  }
  if (workflow.kind === 'workflow') {
    const permission = idTokenEdit(text, workflow, job);
    if (permission === undefined) return [];
    if (permission) edits.push(permission);
  }
  const disjoint = disjointEdits(edits);
  return disjoint ? [unsafeFix('Switch to Trusted Publishing (remove the token, grant id-token: write)', 'PyPI must be set up to trust this workflow', disjoint)] : [];
}

/** Grants the job `id-token: write`: null when it already has it, undefined when Pyward cannot. */
function idTokenEdit(text: string, workflow: Workflow, job: Job): TextEdit | null | undefined {
  const permissions = job.permissions;
  if (!job.mapping || job.mapping.flow) return undefined;
  if (permissions?.form === 'write-all') return null;
  if (permissions?.form === 'scopes' && permissions.mapping) {
    const existing = permissions.scopes.get('id-token');
    if (existing?.level === 'write') return null;
    const value = existing && asScalar(existing.pair.value);
    if (value) return { start: value.start, end: value.end, newText: 'write' };
    return addToMapping(text, permissions.mapping, ['id-token: write'], workflow.eol);
  }
  if (permissions) return undefined;
  const top = workflow.permissions;
  if (top?.form === 'write-all' || top?.scopes.get('id-token')?.level === 'write') return null;
  // A job's permissions replace the workflow's: keep what the steps need besides the new scope.
  const scopes = new Map(top?.form === 'scopes' ? [...top.scopes].map(([scope, { level }]) => [scope, level] as [string, string]) : []);
  for (const [scope, level] of jobNeeds(job, workflow, text).scopes) if (scopes.get(scope) !== 'write') scopes.set(scope, level);
  scopes.set('id-token', 'write');
  const lines = block('permissions', scopeLines(scopes), workflow.indentUnit);
  const steps = getPair(job.mapping, 'steps');
  return (steps && insertBeforePair(text, steps, lines, workflow.eol)) ?? addToMapping(text, job.mapping, lines, workflow.eol);
}

/** The upload goes to an index other than PyPI or TestPyPI (`repository-url:` names it). */
function privateRepository(step: Step): boolean {
  const url = asScalar(get(step.with, 'repository-url') ?? get(step.with, 'repository_url'))?.value.trim();
  return !!url && !url.includes('${{') && !/^https:\/\/(test\.)?(upload\.)?pypi\.org(\/|$)/i.test(url);
}
