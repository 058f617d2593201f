// A traced finding's paths as SARIF `codeFlows`: one code flow per source, each one thread flow,
// source first, the sink last; GitHub code scanning shows them as the alert's "Show paths".
import type { FlowStep } from '../engine/finding';
import { stepPath } from './common';

export function codeFlowsOf(paths: readonly (readonly FlowStep[])[], relativePath: string, root: string): object[] {
  return paths.map((path) => ({ threadFlows: [{ locations: locationsOf(path, relativePath, root) }] }));
}

function locationsOf(flow: readonly FlowStep[], relativePath: string, root: string): object[] {
  return flow.map((step) => {
    const uri = stepPath(step, relativePath, root);
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
}
