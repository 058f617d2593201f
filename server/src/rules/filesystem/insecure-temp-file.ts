import type { Node } from 'web-tree-sitter';
import { defineRule, type RuleContext } from '../../engine/rule';
import type { Fix, Fixer, TextEdit } from '../../engine/fixer';
import type { CallSite } from '../../engine/sites';
import { spellOrImport } from '../transport/spelling';
import { ownLine } from './file-values';

/** Functions that open a path: the file argument is the first, the mode the second. */
const OPENERS = new Set(['builtins.open', 'io.open', 'codecs.open']);
/** Functions that overwrite or remove a path whatever is there already. */
const OVERWRITING = new Set(['os.remove', 'os.unlink', 'os.replace', 'os.rename', 'shutil.copy', 'shutil.copyfile', 'shutil.copy2', 'shutil.move']);
/** Methods that write their result to a path, replacing any file there: `df.to_csv(path)`, `img.save(path)`. */
const WRITER_METHODS = /^(?:save\w*|savefig|to_\w+|write\w*|dump\w*)$/;
const MAX_NODES = 5000;

export default defineRule({
  meta: {
    id: 'PW953',
    name: 'insecure-temp-file',
    title: 'Temporary file name from tempfile.mktemp',
    category: 'filesystem',
    // Bandit's defaults for B306 (medium, high).
    severity: 'medium',
    confidence: 'high',
    cwe: 377,
    bandit: 'B306',
    ruff: 'S306',
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds calls of `tempfile.mktemp`, which returns a name for a temporary file without creating it. For `name = tempfile.mktemp(...)` whose name is then only opened for writing, written to, copied over or removed, a fix switches to `tempfile.mkstemp`, which creates the file at once (and closes its descriptor).',
      why: 'Between `mktemp` choosing a name and the program creating the file, another local user can create that path first — as a symlink to a file of yours, or a file they can read — and the program then writes through it (a classic race, CWE-377). `mkstemp`, `NamedTemporaryFile` and `mkdtemp` create the file or directory atomically with private permissions, so nobody else can get there first.',
      example: 'import tempfile\n\npath = tempfile.mktemp(suffix=".json")\nwith open(path, "w") as out:\n    out.write(report)',
      safe: 'import os\nimport tempfile\n\nfd, path = tempfile.mkstemp(suffix=".json")\nwith os.fdopen(fd, "w") as out:\n    out.write(report)',
      references: [
        'https://cwe.mitre.org/data/definitions/377.html',
        'https://docs.python.org/3/library/tempfile.html#tempfile.mktemp',
        'https://docs.python.org/3/library/tempfile.html#tempfile.mkstemp',
      ],
    },
  },
  // Every use of the assigned name in the function (or module) decides the fix and the message.
  reads: ['function'],
  calls: ['tempfile.mktemp'],

  checkCall(call, context) {
    const statement = assignedStatement(call);
    const rewritable = statement && usesAllowCreatedFile(statement.name, context);
    const why = !statement
      ? 'the name is not assigned to a variable on its own line, so there is nothing simple to rewrite'
      : !rewritable
        ? `\`${statement.name.text}\` is used in ways that may expect no file to exist yet`
        : undefined;
    context.report(call.node, {
      message: `\`${call.callee.text}\` only picks a name another user can take first (or symlink); use \`mkstemp\` or \`NamedTemporaryFile\`.`,
      details: why ? `Not rewritten automatically: ${why}.` : undefined,
      fix: rewritable && statement ? (fixer) => mkstempFix(call, statement, context, fixer) : undefined,
    });
  },
});

interface Assigned {
  statement: Node;
  name: Node;
}

/** `name = tempfile.mktemp(...)` as a statement of its own line. */
function assignedStatement(call: CallSite): Assigned | undefined {
  const assignment = call.node.parent;
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('right')?.id !== call.node.id) return undefined;
  if (assignment.childForFieldName('type')) return undefined;
  const name = assignment.childForFieldName('left');
  if (name?.type !== 'identifier') return undefined;
  const statement = assignment.parent;
  if (statement?.type !== 'expression_statement' || statement.namedChildCount !== 1) return undefined;
  if (statement.parent?.type !== 'block' && statement.parent?.type !== 'module') return undefined;
  if (!ownLine(statement, statement.tree.rootNode.text)) return undefined;
  return { statement, name };
}

/**
 * Whether every use of the name is fine with a file that already exists: opened for writing or
 * reading (not with "x"), removed, renamed, copied over, or written by a `save`/`to_*`/`write*`
 * method. Anything else (`os.mkdir(name)`, `sock.bind(name)`, a program told to create it) may
 * need the path to be free, and is left alone.
 */
function usesAllowCreatedFile(name: Node, context: RuleContext): boolean {
  let scope: Node | null = name.parent;
  while (scope && scope.type !== 'function_definition' && scope.type !== 'module') {
    if (scope.type === 'class_definition') return false;
    scope = scope.parent;
  }
  if (!scope) return false;
  const stack: Node[] = [scope];
  let budget = MAX_NODES;
  while (stack.length > 0) {
    if (--budget < 0) return false;
    const node = stack.pop()!;
    if (node.type === 'identifier' && node.text === name.text && node.id !== name.id) {
      const parent = node.parent;
      const isAttributeName = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id;
      const isKeywordName = parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === node.id;
      if (!isAttributeName && !isKeywordName && context.model.lookup(node.text, node)?.start === name.startIndex && !usedSafely(node, context)) return false;
      continue;
    }
    for (const child of node.namedChildren) if (child) stack.push(child);
  }
  return true;
}

function usedSafely(use: Node, context: RuleContext): boolean {
  const argument = use.parent?.type === 'keyword_argument' ? use.parent : use;
  const list = argument.parent;
  if (list?.type !== 'argument_list') return false;
  const call = list.parent!;
  const callee = call.childForFieldName('function');
  if (!callee) return false;
  const name = context.model.resolve(callee);
  if (name && OPENERS.has(name)) {
    const args = list.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
    if (args[0]?.id !== use.id && !(argument.type === 'keyword_argument' && argument.childForFieldName('name')?.text === 'file')) return false;
    const mode = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'mode')?.childForFieldName('value') ?? (args[1]?.type !== 'keyword_argument' ? args[1] : undefined);
    if (!mode) return true;
    const literal = context.model.literal(mode);
    return !!literal && typeof literal.value === 'string' && !literal.value.includes('x');
  }
  if (name && OVERWRITING.has(name)) return true;
  return callee.type === 'attribute' && WRITER_METHODS.test(callee.childForFieldName('attribute')?.text ?? '');
}

/** `path = tempfile.mktemp(...)` → `_fd, path = tempfile.mkstemp(...)` and `os.close(_fd)` on the next line. */
function mkstempFix(call: CallSite, assigned: Assigned, context: RuleContext, fixer: Fixer): Fix[] {
  const text = assigned.statement.tree.rootNode.text;
  const line = ownLine(assigned.statement, text)!;
  const edits: TextEdit[] = [];
  if (call.callee.type === 'attribute') {
    edits.push(fixer.replace(call.callee.childForFieldName('attribute')!, 'mkstemp'));
  } else {
    const spelled = spellOrImport('tempfile.mkstemp', call.node, context, fixer);
    if (!spelled) return [];
    edits.push(...spelled.edits, fixer.replace(call.callee, spelled.text));
  }
  const close = spellOrImport('os.close', call.node, context, fixer);
  if (!close) return [];
  const fd = ['_fd', '_tmp_fd', '_mkstemp_fd'].find((candidate) => !context.model.lookup(candidate, assigned.statement));
  if (!fd) return [];
  edits.push(...close.edits, fixer.insertBefore(assigned.name, `${fd}, `), fixer.replaceRange(line.lineEnd, line.lineEnd, `\n${line.indent}${close.text}(${fd})`));
  return [fixer.unsafe(`Use tempfile.mkstemp (closes ${fd})`, 'the file is created now, with private permissions', mergeImports(edits))];
}

/** Two `import` additions at the same place (tempfile and os) become one edit, in order. */
function mergeImports(edits: TextEdit[]): TextEdit[] {
  const merged: TextEdit[] = [];
  for (const edit of edits) {
    const same = merged.find((e) => e.start === edit.start && e.end === edit.end && e.start === e.end && edit.newText.includes('import ') && e.newText.includes('import '));
    // Whole lines inserted before the same statement (`import os\n`, `import tempfile\n`) stay sorted.
    const lines = /^(import [\w.]+\n)+$/;
    if (same && lines.test(same.newText) && lines.test(edit.newText)) same.newText = `${[...same.newText.split('\n'), ...edit.newText.split('\n')].filter(Boolean).sort().join('\n')}\n`;
    else if (same) same.newText += edit.newText;
    else merged.push({ ...edit });
  }
  return merged;
}
