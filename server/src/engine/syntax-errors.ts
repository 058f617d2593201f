// Where the parser could not read the file (rule PW002): one finding per outermost ERROR region,
// computed from the whole current tree after analysis, like unused suppressions, so that the
// editor's incremental analysis and a whole-file audit report the same regions.
import type { Node } from 'web-tree-sitter';
import type { Finding } from './finding';
import type { RuleRegistry } from './registry';

export const SYNTAX_ERROR = 'PW002';

export function syntaxErrorFindings(root: Node, text: string, registry: RuleRegistry): Finding[] {
  const rule = registry.rule(SYNTAX_ERROR);
  if (!rule || !root.hasError) return [];
  const findings: Finding[] = [];
  let coveredUntil = -1;
  for (const region of root.type === 'ERROR' ? [root] : outermostErrors(root)) {
    if (region.startIndex < coveredUntil) continue;
    coveredUntil = Math.max(region.endIndex, region.startIndex + 1);
    // Mark the region's first line only: a finding over a whole block would hide the code under it.
    const lineEnd = text.indexOf('\n', region.startIndex);
    const end = Math.max(region.startIndex + 1, Math.min(region.endIndex, lineEnd === -1 ? text.length : lineEnd));
    const line = region.startPosition.row + 1;
    findings.push(
      registry.finding(rule.meta, region.startIndex, Math.min(end, text.length), {
        message: `Syntax error: the code from line ${line} could not be parsed, so it was not analysed; fix it to have it checked.`,
      }),
    );
  }
  return findings;
}

/**
 * The ERROR nodes not inside another, in document order, found by descending only into nodes
 * that contain an error: on every keystroke in a large file, most of the tree is never visited.
 */
function outermostErrors(node: Node, found: Node[] = []): Node[] {
  for (const child of node.children) {
    if (!child?.hasError) continue;
    if (child.type === 'ERROR') found.push(child);
    else outermostErrors(child, found);
  }
  return found;
}
