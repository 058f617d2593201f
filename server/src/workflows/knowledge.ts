// What Pyward knows about GitHub Actions: which contexts an outsider controls, which actions
// and commands need which GITHUB_TOKEN scopes, and what publishing looks like.
import { scalarLines } from './yaml';
import type { Job, Step, Workflow } from './workflow';

/**
 * Context paths whose text someone without write access can choose (a fork's branch name, an
 * issue title, a commit message). `*` stands for one path segment (an array index).
 */
const ATTACKER_CONTROLLED = [
  'github.head_ref',
  'github.event.issue.title',
  'github.event.issue.body',
  'github.event.pull_request.title',
  'github.event.pull_request.body',
  'github.event.pull_request.head.ref',
  'github.event.pull_request.head.label',
  'github.event.pull_request.head.repo.default_branch',
  'github.event.comment.body',
  'github.event.review.body',
  'github.event.review_comment.body',
  'github.event.discussion.title',
  'github.event.discussion.body',
  'github.event.pages.*.page_name',
  'github.event.commits.*.message',
  'github.event.commits.*.author.email',
  'github.event.commits.*.author.name',
  'github.event.head_commit.message',
  'github.event.head_commit.author.email',
  'github.event.head_commit.author.name',
  'github.event.head_commit.committer.email',
  'github.event.head_commit.committer.name',
  'github.event.workflow_run.head_branch',
  'github.event.workflow_run.display_title',
  'github.event.workflow_run.head_commit.message',
  'github.event.workflow_run.head_commit.author.email',
  'github.event.workflow_run.head_commit.author.name',
  'github.event.workflow_run.pull_requests.*.head.ref',
  'github.event.check_suite.head_branch',
  'github.event.check_run.check_suite.head_branch',
].map((path) => path.split('.'));

/**
 * Whether a context path reads text an outsider controls: one of the fields above, or an object
 * holding one (`toJSON(github.event.pull_request)`).
 */
export function isAttackerControlled(path: string): boolean {
  const segments = path.split('.');
  if (segments.length < 2) return false;
  return ATTACKER_CONTROLLED.some((pattern) => {
    if (segments.length > pattern.length) return false;
    return segments.every((segment, i) => pattern[i] === '*' || segment === '*' || segment === pattern[i]);
  });
}

/** Owners whose actions GitHub itself publishes. */
export function isFirstParty(owner: string): boolean {
  return owner === 'actions' || owner === 'github';
}

export const CHECKOUT = 'actions/checkout';
export const PYPI_PUBLISH = 'pypa/gh-action-pypi-publish';
export const GITHUB_SCRIPT = 'actions/github-script';

/** Uploads of the workspace (or part of it) as an artifact. */
export const ARTIFACT_UPLOADS = new Set(['actions/upload-artifact', 'actions/upload-pages-artifact']);

type Scopes = Readonly<Record<string, 'read' | 'write'>>;

/** GITHUB_TOKEN scopes that actions visibly need to do their job. */
const ACTION_NEEDS: Readonly<Record<string, Scopes>> = {
  'pypa/gh-action-pypi-publish': { 'id-token': 'write' },
  'sigstore/gh-action-sigstore-python': { 'id-token': 'write' },
  'actions/attest-build-provenance': { 'id-token': 'write', attestations: 'write' },
  'actions/attest': { 'id-token': 'write', attestations: 'write' },
  'actions/deploy-pages': { pages: 'write', 'id-token': 'write' },
  'actions/configure-pages': { pages: 'read' },
  'softprops/action-gh-release': { contents: 'write' },
  'ncipollo/release-action': { contents: 'write' },
  'actions/create-release': { contents: 'write' },
  'actions/upload-release-asset': { contents: 'write' },
  'stefanzweifel/git-auto-commit-action': { contents: 'write' },
  'peter-evans/create-pull-request': { contents: 'write', 'pull-requests': 'write' },
  'release-drafter/release-drafter': { contents: 'write', 'pull-requests': 'write' },
  'marocchino/sticky-pull-request-comment': { 'pull-requests': 'write' },
  'actions/labeler': { 'pull-requests': 'write' },
  'actions/stale': { issues: 'write', 'pull-requests': 'write' },
  'github/codeql-action': { 'security-events': 'write', actions: 'read' },
  'aws-actions/configure-aws-credentials': { 'id-token': 'write' },
  'google-github-actions/auth': { 'id-token': 'write' },
  'azure/login': { 'id-token': 'write' },
};

/** Actions that need nothing beyond reading the repository. */
const READ_ONLY_ACTIONS = new Set([
  'actions/checkout',
  'actions/setup-python',
  'actions/setup-node',
  'actions/setup-go',
  'actions/setup-java',
  'actions/cache',
  'actions/upload-artifact',
  'actions/download-artifact',
  'actions/upload-pages-artifact',
  'astral-sh/setup-uv',
  'astral-sh/ruff-action',
  'pre-commit/action',
  'pypa/cibuildwheel',
  'hynek/build-and-inspect-python-package',
  'codecov/codecov-action',
  'snok/install-poetry',
  'pdm-project/setup-pdm',
  'docker/setup-buildx-action',
  'docker/setup-qemu-action',
  'conda-incubator/setup-miniconda',
  'mamba-org/setup-micromamba',
  'prefix-dev/setup-pixi',
]);

/** Commands in `run:` scripts and the scopes they need. */
const COMMAND_NEEDS: ReadonlyArray<[RegExp, Scopes]> = [
  [/\bgit\s+push\b/, { contents: 'write' }],
  [/\bgh\s+release\s+(create|upload|edit|delete)\b/, { contents: 'write' }],
  [/\bgh\s+pr\s+(comment|create|edit|merge|review|close|ready)\b/, { 'pull-requests': 'write' }],
  [/\bgh\s+issue\s+(comment|create|edit|close|reopen)\b/, { issues: 'write' }],
  [/\bgh\s+workflow\s+run\b/, { actions: 'write' }],
  // npm's provenance statement is signed with the job's OpenID Connect identity.
  [/\bnpm\s+publish\b[^\n]*--provenance\b/, { 'id-token': 'write' }],
];

/** Commands whose token use Pyward cannot tell: the scopes they need are unknown. */
const OPAQUE_COMMANDS = /\bgh\s+api\b|api\.github\.com|GITHUB_TOKEN|github\.token|secrets\.GITHUB_TOKEN/;

export interface Needs {
  /** The scopes the job's steps visibly need: `contents: read` plus what they write. */
  scopes: Map<string, 'read' | 'write'>;
  /** A step Pyward does not know may use the token for more. */
  unknown: boolean;
}

/** The GITHUB_TOKEN scopes a job visibly needs. */
export function jobNeeds(job: Job, workflow: Workflow, text: string): Needs {
  const scopes = new Map<string, 'read' | 'write'>([['contents', 'read']]);
  let unknown = job.uses !== undefined;
  const add = (needs: Scopes) => {
    for (const [scope, level] of Object.entries(needs)) if (scopes.get(scope) !== 'write') scopes.set(scope, level);
  };
  for (const step of job.steps) {
    if (step.uses && !step.uses.local && !step.uses.docker) {
      const needs = ACTION_NEEDS[step.uses.repository];
      if (needs) add(needs);
      else if (!READ_ONLY_ACTIONS.has(step.uses.repository)) unknown = true;
    } else if (step.uses) unknown = true;
    if (step.run) {
      const script = scriptText(step, text);
      for (const [command, needs] of COMMAND_NEEDS) if (command.test(script)) add(needs);
      if (OPAQUE_COMMANDS.test(script)) unknown = true;
      if (/\buv\s+publish\b/.test(script) && !tokenEnvironment(step, job, workflow).length) add({ 'id-token': 'write' });
    }
  }
  return { scopes, unknown };
}

/** The scopes as block-mapping lines, `contents` first. */
export function scopeLines(scopes: ReadonlyMap<string, string>): string[] {
  const names = [...scopes.keys()].sort((a, b) => (a === 'contents' ? -1 : b === 'contents' ? 1 : a.localeCompare(b)));
  return names.map((name) => `${name}: ${scopes.get(name)}`);
}

/** A `run:` script's text as written (lines without their YAML indentation). */
export function scriptText(step: Step, text: string): string {
  return step.run ? scalarLines(step.run, text).map((line) => line.text).join('\n') : '';
}

/** Commands that upload a distribution to a package index. */
export const PUBLISH_COMMAND = /\b(twine\s+upload|uv\s+publish|poetry\s+publish|flit\s+publish|hatch\s+publish|pdm\s+publish)\b/;

/** Environment variables that hand a package index token to the publishing tools. */
const TOKEN_VARIABLES = /^(TWINE_PASSWORD|UV_PUBLISH_TOKEN|UV_PUBLISH_PASSWORD|POETRY_PYPI_TOKEN_\w+|POETRY_HTTP_BASIC_\w+_PASSWORD|FLIT_PASSWORD|HATCH_INDEX_AUTH|PDM_PUBLISH_PASSWORD)$/;

/** The token-carrying environment pairs a publishing step sees (its own, its job's, the workflow's). */
export function tokenEnvironment(step: Step, job: Job, workflow: Workflow) {
  return [step.env, job.env, workflow.env].flatMap((env) => env?.pairs.filter((pair) => TOKEN_VARIABLES.test(pair.key.trim())) ?? []);
}

/** Releases and other ecosystems' uploads, which make a job a release job too. */
const OTHER_PUBLISHING = /\bgh\s+release\s+create\b|\bnpm\s+publish\b|\bcargo\s+publish\b|\bgem\s+push\b/;

/** Whether a job publishes a package or a release: the jobs that hold the most valuable tokens. */
export function isReleaseJob(job: Job, text: string): boolean {
  return job.steps.some((step) => {
    const repository = step.uses?.repository ?? '';
    if (repository === PYPI_PUBLISH || ['softprops/action-gh-release', 'ncipollo/release-action', 'actions/create-release'].includes(repository)) return true;
    return step.run !== undefined && (PUBLISH_COMMAND.test(scriptText(step, text)) || OTHER_PUBLISHING.test(scriptText(step, text)));
  });
}
