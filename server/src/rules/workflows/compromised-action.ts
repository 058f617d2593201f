import { actionAdvisories, loadActionAdvisories } from '../../advisories/actions';
import { defineFileRule } from '../../engine/file-rule';
import { readableWorkflow, type ActionRef } from '../../workflows/workflow';
import { advisoryDetails, advisoryLabel, findingSeverity } from '../dependencies/advisory-shared';

export default defineFileRule({
  meta: {
    id: 'PWA101',
    name: 'compromised-action',
    title: 'Action version that was compromised or has a known vulnerability',
    category: 'ci',
    severity: 'high',
    confidence: 'high',
    cwe: 506,
    fixable: false,
    docs: {
      what: 'Finds `uses:` references to GitHub Actions versions named by a public incident or advisory: a shipped list of compromises (tj-actions/changed-files up to v45.0.7 and its malicious commit, CVE-2025-30066; reviewdog/action-setup@v1 and its malicious commit, CVE-2025-30154) and, after `pyward advisories update`, every advisory of OSV\'s GitHub Actions export. A tag matches when its version is in an advisory\'s range; a commit SHA when the advisory lists it.',
      why: 'A compromised action runs the attacker\'s code with the workflow\'s token and secrets. In March 2025 the tags of tj-actions/changed-files were moved to a commit that printed the runner\'s memory, secrets included, into the workflow log, readable by anyone for a public repository; the credentials came from the earlier reviewdog/action-setup compromise. Any run in the affected window leaked its secrets: rotate them, move to a fixed release, and pin it by commit SHA.',
      example: 'steps:\n  - uses: tj-actions/changed-files@v45\n  - uses: reviewdog/action-setup@v1',
      safe: 'steps:\n  # a fixed release, pinned by commit SHA (check it on the action\'s releases page)\n  - uses: tj-actions/changed-files@<full commit SHA of v46.0.1 or later> # v46.0.1',
      language: 'yaml',
      references: [
        'https://cwe.mitre.org/data/definitions/506.html',
        'https://github.com/advisories/GHSA-mrrh-fwg8-r2c3',
        'https://github.com/advisories/GHSA-qmg3-hpqr-gqvc',
        'https://osv.dev/list?ecosystem=GitHub+Actions',
      ],
    },
  },
  kinds: ['workflow', 'action'],
  prepare: loadActionAdvisories,

  check(context) {
    const workflow = readableWorkflow(context);
    if (!workflow) return;
    const references = workflow.jobs.flatMap((job) => [job.uses, ...job.steps.map((step) => step.uses)]).filter((ref): ref is ActionRef => !!ref && !ref.local && !ref.docker);
    for (const ref of references) {
      const advisories = actionAdvisories(ref.repository, ref.ref);
      if (advisories.length === 0) continue;
      context.report(ref.scalar.start, ref.scalar.end, {
        message: `\`${ref.value}\` is a compromised or vulnerable action version, ${advisoryLabel(advisories[0])}: rotate the secrets its runs could read and move to a fixed release pinned by SHA.`,
        severity: findingSeverity(advisories) === 'low' ? 'medium' : 'high',
        details: advisoryDetails(ref.value, undefined, advisories),
      });
    }
  },
});
