import type { Node } from 'web-tree-sitter';
import { defineRule, type RuleContext } from '../../engine/rule';
import { brief } from './file-values';

/** Bandit's default `tmp_dirs`. */
const TEMP_DIRECTORIES = ['/tmp', '/var/tmp', '/dev/shm'];

/** Methods that test a path rather than use it: `path.startswith("/tmp/")`. */
const TEST_METHODS = new Set(['startswith', 'endswith', 'removeprefix', 'removesuffix', 'find', 'index', 'count', 'split', 'partition']);

export default defineRule({
  meta: {
    id: 'PW952',
    name: 'hardcoded-temp-directory',
    title: 'Hardcoded path in a shared temporary directory',
    category: 'filesystem',
    // Bandit's defaults for B108 (medium, medium).
    severity: 'medium',
    confidence: 'medium',
    cwe: 377,
    bandit: 'B108',
    ruff: 'S108',
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds string literals (and f-strings) that start with `/tmp`, `/var/tmp` or `/dev/shm`, Bandit\'s default list. Comparisons and prefix tests (`path.startswith("/tmp/")`), arguments of `tempfile` functions (`dir="/var/tmp"`), docstrings, bytes and mentions in comments are not reported.',
      why: 'These directories are shared by every user of the machine. A fixed name there can be created first by someone else — as a symlink to a file of yours, or as a file they control — so the program overwrites what the attacker chose, reads the attacker\'s data, or leaks its own to them. The `tempfile` module picks unpredictable names and creates them atomically with private permissions.',
      example: 'with open("/tmp/report.csv", "w") as out:\n    out.write(rows)\n\nCACHE_DIR = f"/var/tmp/{APP}/cache"',
      safe: 'import tempfile\n\nwith tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as out:\n    out.write(rows)\n\nCACHE_DIR = tempfile.mkdtemp(prefix=f"{APP}-cache-")',
      references: [
        'https://cwe.mitre.org/data/definitions/377.html',
        'https://docs.python.org/3/library/tempfile.html',
        'https://security.openstack.org/guidelines/dg_using-temporary-files-securely.html',
      ],
    },
  },
  tokens: TEMP_DIRECTORIES,

  checkToken(token, context) {
    const content = token.node;
    if (content.type !== 'string_content' || content.startIndex !== token.start) return;
    // The directory itself or a path inside it, not `/tmpfiles`.
    const after = content.text.charAt(token.token.length);
    if (after !== '' && after !== '/') return;
    const string = content.parent;
    if (!string || string.type !== 'string') return;
    const start = string.firstChild;
    if (!start || start.type !== 'string_start' || /b/i.test(start.text)) return;
    // The path must start the literal: the first part of the string and of a concatenation.
    if (content.previousSibling?.id !== start.id) return;
    let literal: Node = string;
    if (string.parent?.type === 'concatenated_string') {
      if (string.parent.firstNamedChild?.id !== string.id) return;
      literal = string.parent;
    }
    if (!isPathUse(literal, context)) return;
    context.report(literal, {
      message: `\`${brief(literal.text)}\` is a fixed path in a world-writable folder: others can plant a symlink there; use \`tempfile\`.`,
    });
  },
});

/** Whether a literal is used as a path: not a docstring, a comparison or a `tempfile` argument. */
function isPathUse(literal: Node, context: RuleContext): boolean {
  let node = literal;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  if (node.parent?.type === 'expression_statement' && node.parent.namedChildCount === 1) return false;
  // `x in ("/tmp", "/var/tmp")`, `p.startswith(("/tmp/", "/var/tmp/"))`: names to compare with.
  if (node.parent && ['tuple', 'list', 'set'].includes(node.parent.type)) node = node.parent;
  const parent = node.parent;
  if (!parent) return true;
  if (parent.type === 'comparison_operator') return false;
  const argumentList = parent.type === 'keyword_argument' ? parent.parent : parent;
  if (argumentList?.type === 'argument_list') {
    const callee = argumentList.parent?.childForFieldName('function');
    if (callee) {
      if (callee.type === 'attribute' && TEST_METHODS.has(callee.childForFieldName('attribute')?.text ?? '')) return false;
      if (context.model.resolve(callee)?.startsWith('tempfile.')) return false;
    }
  }
  return true;
}
