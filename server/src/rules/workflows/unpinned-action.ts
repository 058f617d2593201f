import { defineFileRule } from '../../engine/file-rule';
import { safeFix, type Fix } from '../../engine/fixer';
import type { Level } from '../../engine/rule';
import { endOfLastLine } from '../../workflows/edits';
import { isFirstParty, isReleaseJob } from '../../workflows/knowledge';
import { readableWorkflow, type ActionRef, type Workflow } from '../../workflows/workflow';

const FULL_SHA = /^[0-9a-f]{40}$/i;

export default defineFileRule({
  meta: {
    id: 'PWA001',
    name: 'unpinned-action',
    title: 'Action not pinned to a commit SHA',
    category: 'ci',
    severity: 'medium',
    confidence: 'high',
    cwe: 829,
    fixable: true,
    fixApplicability: ['safe'],
    docs: {
      what: 'Finds `uses:` references to actions and reusable workflows by tag or branch (`@v4`, `@main`) instead of a full 40-character commit SHA. Local actions (`./…`) and Docker images pinned by `@sha256:` digest are fine.',
      why: 'A tag or branch is a pointer the action\'s owner (or whoever compromises their account) can move at any time: the next run executes the new code with your workflow\'s secrets and token. This is how the tj-actions/changed-files compromise (CVE-2025-30066) leaked secrets from thousands of repositories. A commit SHA cannot be moved. The risk is highest for third-party actions in workflows that publish or read secrets.',
      example: 'jobs:\n  release:\n    steps:\n      - uses: actions/checkout@v4\n      - uses: pypa/gh-action-pypi-publish@release/v1',
      safe: 'jobs:\n  release:\n    steps:\n      # gh api repos/actions/checkout/commits/v4.2.2 --jq .sha\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n      - uses: pypa/gh-action-pypi-publish@76f52bc884231f62b9a034ebfe128415bbaabdfc # v1.12.4',
      language: 'yaml',
      references: [
        'https://cwe.mitre.org/data/definitions/829.html',
        'https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions',
        'https://docs.zizmor.sh/audits/#unpinned-uses',
        'https://github.com/advisories/GHSA-mrrh-fwg8-r2c3',
      ],
    },
  },
  kinds: ['workflow', 'action'],

  check(context) {
    const workflow = readableWorkflow(context);
    if (!workflow) return;
    const sensitive = workflow.usesSecrets || workflow.jobs.some((job) => isReleaseJob(job, context.text));
    const references = workflow.jobs.flatMap((job) => [job.uses, ...job.steps.map((step) => step.uses)]).filter((ref): ref is ActionRef => !!ref);
    const pinnedHere = references.filter((ref) => !ref.local && !ref.docker && FULL_SHA.test(ref.ref));
    for (const ref of references) {
      if (ref.local || isPinned(ref)) continue;
      const { start, end } = ref.scalar;
      context.report(start, end, {
        message: messageFor(ref, sensitive, workflow),
        severity: severityOf(ref, sensitive),
        fix: () => pinLikeElsewhere(context.text, ref, pinnedHere),
      });
    }
  },
});

/**
 * Offline, the only SHA Pyward can trust is one the file already uses for the same action with a
 * version comment matching the tag (`@v4` and `@<sha> # v4.2.2`): offer that one.
 */
function pinLikeElsewhere(text: string, ref: ActionRef, pinned: readonly ActionRef[]): Fix[] {
  const name = ref.value.slice(0, ref.value.lastIndexOf('@'));
  if (!ref.ref || !/^v?\d+(\.\d+)*$/.test(ref.ref)) return [];
  for (const other of pinned) {
    if (other.value.slice(0, other.value.lastIndexOf('@')).toLowerCase() !== name.toLowerCase()) continue;
    const version = versionComment(text, other);
    if (!version || !(version === ref.ref || version.startsWith(`${ref.ref}.`))) continue;
    const comment = versionComment(text, ref) === undefined && !/^[ \t]*#/.test(text.slice(ref.scalar.end, endOfLastLine(text, ref.scalar))) ? ` # ${version}` : '';
    const inner = `${name}@${other.ref}`;
    const quote = ref.scalar.style === 'plain' ? '' : text[ref.scalar.start];
    // The commit this file already runs for that version: the same code as the tag today.
    return [safeFix(`Pin to ${other.ref.slice(0, 12)}… (${version}, as elsewhere in this file)`, { start: ref.scalar.start, end: ref.scalar.end, newText: `${quote}${inner}${quote}${comment}` })];
  }
  return [];
}

/** The `# v4.2.2` comment after a `uses:` value, if any. */
function versionComment(text: string, ref: ActionRef): string | undefined {
  const rest = text.slice(ref.scalar.end, endOfLastLine(text, ref.scalar));
  return /^[ \t]+#\s*(v?\d+(?:\.\d+)*)\b/.exec(rest)?.[1];
}

function isPinned(ref: ActionRef): boolean {
  if (ref.docker) return /@sha256:[0-9a-f]{64}$/i.test(ref.value);
  // An expression (`uses: ${{ matrix.action }}`) is not something a rule can judge.
  if (ref.value.includes('${{')) return true;
  return FULL_SHA.test(ref.ref);
}

function severityOf(ref: ActionRef, sensitive: boolean): Level {
  const thirdParty = ref.docker || !isFirstParty(ref.owner);
  if (thirdParty && sensitive) return 'high';
  return thirdParty || sensitive ? 'medium' : 'low';
}

function messageFor(ref: ActionRef, sensitive: boolean, workflow: Workflow): string {
  if (ref.docker) {
    return `\`${ref.value}\` names a Docker image by tag, which its publisher can re-point at any time. Pin it by digest: \`docker://image@sha256:<digest>\` (\`docker buildx imagetools inspect IMAGE:TAG\` prints it).`;
  }
  const name = ref.value.slice(0, ref.value.lastIndexOf('@') === -1 ? undefined : ref.value.lastIndexOf('@'));
  const [owner, repo] = name.split('/');
  const what = ref.ref ? `\`@${ref.ref}\` is a ${/^v?\d+(\.\d+)*$/.test(ref.ref) ? 'tag' : 'branch or tag'}` : 'it names no version';
  const stakes = sensitive ? `this ${workflow.kind === 'action' ? 'action' : 'workflow'} ${workflow.usesSecrets ? 'reads secrets' : 'publishes'}, so a moved ref would run someone else's code with them` : 'a moved ref runs new code in your CI without review';
  const tag = ref.ref && !/^(main|master|dev|develop|trunk)$/.test(ref.ref) ? ref.ref : 'TAG';
  return `\`${name}\` is not pinned: ${what} that can be moved, and ${stakes}. Pin the full commit SHA and keep the version as a comment: \`uses: ${name}@<sha> # ${tag}\`, the SHA from \`gh api repos/${owner}/${repo ?? 'REPO'}/commits/${tag} --jq .sha\` or the release page.`;
}
