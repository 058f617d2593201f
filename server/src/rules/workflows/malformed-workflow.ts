import { defineFileRule } from '../../engine/file-rule';
import { workflowOf } from '../../workflows/workflow';

export default defineFileRule({
  meta: {
    id: 'PWA008',
    name: 'malformed-workflow',
    title: 'Workflow file is not valid YAML',
    category: 'ci',
    severity: 'low',
    confidence: 'high',
    cwe: 710,
    fixable: false,
    docs: {
      what: 'Reports the first syntax error in a workflow or action file: an unclosed bracket or quote, or a line indented so that it fits nowhere.',
      why: 'GitHub refuses to run a workflow it cannot parse, so a broken file silently stops CI or a release; and Pyward cannot audit a file it cannot read, so none of the other workflow checks run on it until it parses.',
      example: 'on: push\njobs:\n  test:\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n     - run: pytest',
      safe: 'on: push\njobs:\n  test:\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n      - run: pytest',
      language: 'yaml',
      references: ['https://cwe.mitre.org/data/definitions/710.html', 'https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions', 'https://yaml.org/spec/1.2.2/'],
    },
  },
  kinds: ['workflow', 'action'],

  check(context) {
    const { error } = workflowOf(context);
    if (!error) return;
    context.report(error.start, error.end, {
      message: `This file is not valid YAML here (${error.reason}): GitHub will not run it, and Pyward's workflow checks are skipped until it parses.`,
    });
  },
});
