// A traced finding's path as SARIF `codeFlows`: one thread flow, source first, the sink last;
// GitHub code scanning shows it as the alert's "Show paths".
import { relative, sep } from 'node:path';
import type { FlowStep } from '../engine/finding';

export function codeFlowsOf(flow: readonly FlowStep[], relativePath: string, root: string): object[] {
  const locations = flow.map((step) => {
    const uri = step.path === undefined ? relativePath : relative(root, step.path).split(sep).join('/');
    return {
      location: {
        physicalLocation: {
          artifactLocation: { uri: uri.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' },
          region: { startLine: step.line + 1, startColumn: step.character + 1 },
        },
        message: { text: step.message },
      },
    };
  });
  return [{ threadFlows: [{ locations }] }];
}
