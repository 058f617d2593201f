// setup.py, read and never run: the literal lists passed to a `setup(...)` call
// (`install_requires=[…]`, `setup_requires`, `tests_require`, `extras_require={"x": […]}`).
// Requirements computed at run time (read from a file, built in a loop) cannot be known.
import type { Node, Tree } from 'web-tree-sitter';
import { emptyManifest, type Manifest } from './model';
import { SourceText } from './source-text';
import { isProblem, pep508Requirement } from './string-requirement';

const LIST_KEYWORDS: Record<string, string> = { install_requires: 'install_requires', setup_requires: 'setup_requires', tests_require: 'tests_require' };

export function parseSetupPy(text: string, tree: Tree, path: string): Manifest {
  const manifest = emptyManifest(path, 'setup-py');
  for (const call of tree.rootNode.descendantsOfType('call')) {
    if (!call || !isSetupCall(call)) continue;
    const args = call.childForFieldName('arguments');
    for (const argument of args?.namedChildren ?? []) {
      if (argument?.type !== 'keyword_argument') continue;
      const keyword = argument.childForFieldName('name')?.text ?? '';
      const value = argument.childForFieldName('value');
      if (!value) continue;
      if (keyword in LIST_KEYWORDS) addList(manifest, value, LIST_KEYWORDS[keyword]);
      else if (keyword === 'extras_require' && value.type === 'dictionary') {
        for (const pair of value.namedChildren) {
          if (pair?.type !== 'pair') continue;
          const key = pair.childForFieldName('key');
          const list = pair.childForFieldName('value');
          const extra = key ? stringContent(key) : undefined;
          if (extra && list) addList(manifest, list, `extras:${extra.text}`);
        }
      }
    }
  }
  return manifest;
}

function isSetupCall(call: Node): boolean {
  const callee = call.childForFieldName('function');
  if (!callee) return false;
  if (callee.type === 'identifier') return callee.text === 'setup';
  return callee.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'setup';
}

function addList(manifest: Manifest, list: Node, group: string): void {
  if (list.type !== 'list' && list.type !== 'tuple') return;
  for (const item of list.namedChildren) {
    if (!item) continue;
    const content = stringContent(item);
    if (!content) continue;
    const requirement = pep508Requirement(content, { start: item.startIndex, end: item.endIndex }, group);
    if (isProblem(requirement)) manifest.problems.push({ ...requirement, message: `\`${content.text}\` is not a valid requirement: ${requirement.message}` });
    else manifest.requirements.push(requirement);
  }
}

/** A plain string literal's content (no f-string, bytes or escapes), mapped to the file. */
function stringContent(node: Node): SourceText | undefined {
  if (node.type !== 'string') return undefined;
  const start = node.children.find((child) => child?.type === 'string_start');
  const end = node.children.find((child) => child?.type === 'string_end');
  if (!start || !end || /[bf]/i.test(start.text)) return undefined;
  if (node.descendantsOfType(['escape_sequence', 'interpolation']).length > 0) return undefined;
  return SourceText.contiguous(node.text.slice(start.endIndex - node.startIndex, end.startIndex - node.startIndex), start.endIndex);
}
