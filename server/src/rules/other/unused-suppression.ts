import { defineRule } from '../../engine/rule';
import { UNUSED_SUPPRESSION } from '../../engine/suppression';

// Its findings come from the suppression pass (engine/suppression.ts), which alone knows which
// comments suppressed something; this module gives them their metadata and documentation.
export default defineRule({
  meta: {
    id: UNUSED_SUPPRESSION,
    name: 'unused-suppression',
    title: 'Suppression comment that suppresses nothing',
    category: 'other',
    severity: 'low',
    confidence: 'high',
    // CWE-1164, Irrelevant Code: a stale suppression is dead code with a security cost.
    cwe: 1164,
    fixable: true,
    fixApplicability: ['safe'],
    docs: {
      what: 'Finds `# pyward: ignore` comments, and codes inside `# pyward: ignore[…]`, that suppress no finding on their line, like Ruff\'s RUF100 does for `noqa`. Bandit\'s `# nosec` and Ruff\'s `# noqa` are left alone: they may serve those tools.',
      why: 'A suppression outlives the code it was written for. Once the flagged call is fixed or moved, the comment stays and silently hides whatever risky code is written on that line next, which is exactly when nobody is looking.',
      example: 'import yaml\n\nconfig = yaml.safe_load(stream)  # pyward: ignore[PW104]',
      safe: 'import yaml\n\nconfig = yaml.safe_load(stream)',
      references: ['https://cwe.mitre.org/data/definitions/1164.html', 'https://docs.astral.sh/ruff/rules/unused-noqa/'],
    },
  },
  reportedByEngine: true,
});
