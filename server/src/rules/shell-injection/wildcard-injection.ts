import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import type { RuleContext } from '../../engine/rule';
import { SHELL_FUNCTIONS, SUBPROCESS_FUNCTIONS, sequenceItems, usesShell } from './process-calls';

/**
 * Programs that read file names starting with `-` as options that run commands or change
 * permissions (`--checkpoint-action=exec=…`, `--reference=…`, `-e sh …`). Bandit's list, and chgrp.
 */
const VULNERABLE_PROGRAMS = new Set(['tar', 'chown', 'chmod', 'chgrp', 'rsync']);
/** Words that run the next word as the command: `sudo tar …`, `nice -n 5 tar …`. */
const PREFIX_COMMANDS = new Set(['sudo', 'doas', 'nice', 'nohup', 'exec', 'command', 'time', 'ionice', 'env']);
/** Stands for a value formatted into the command at run time: not a glob, not a blank. */
const VALUE = '\u0001';

export default defineRule({
  meta: {
    id: 'PW308',
    name: 'wildcard-injection',
    title: 'Shell wildcard expanded into the arguments of tar, chown, chmod or rsync',
    category: 'shell-injection',
    // Bandit B609: HIGH/MEDIUM, CWE-155. Stricter matching than Bandit's substring test: the
    // program must be the command word (`start` or `guitar` do not count) and the `*` must be
    // unquoted, in an argument that is not itself an option.
    severity: 'high',
    confidence: 'medium',
    cwe: 155,
    bandit: 'B609',
    ruff: 'S609',
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds commands run through a shell (`os.system`, `os.popen` and the other shell functions, `subprocess` with `shell=True`) in which `tar`, `chown`, `chmod`, `chgrp` or `rsync` receives an unquoted `*` glob: `os.system("tar czf backup.tgz *")`, `subprocess.run("chown www-data *", shell=True)`.',
      why: 'The shell replaces `*` with the names of the files in the directory before the program runs, and these programs read any name that starts with `-` as an option. Anyone who can create files there (an upload folder, a shared `/tmp` directory) creates `--checkpoint=1` and `--checkpoint-action=exec=sh evil.sh` and `tar` runs their script; `--reference=owned-by-me` makes `chown`/`chmod` copy their ownership or mode onto every file; `-e sh evil.sh` makes `rsync` run a command.',
      example: 'import os\n\ndef archive(upload_dir):\n    os.system(f"cd {upload_dir} && tar czf /backups/uploads.tgz *")',
      safe: 'import subprocess\n\ndef archive(upload_dir):\n    # No shell, no glob: "." is archived recursively, and file names are never read as options.\n    subprocess.run(["tar", "czf", "/backups/uploads.tgz", "-C", upload_dir, "."], check=True)',
      references: [
        'https://cwe.mitre.org/data/definitions/155.html',
        'https://www.exploit-db.com/papers/33930',
        'https://www.gnu.org/software/tar/manual/html_node/checkpoints.html',
      ],
    },
  },
  calls: [...SUBPROCESS_FUNCTIONS, ...Object.keys(SHELL_FUNCTIONS)],

  checkCall(call, context) {
    const qualifiedName = call.qualifiedName!;
    let command: Node | undefined;
    if (qualifiedName in SHELL_FUNCTIONS) {
      command = call.argument(0, SHELL_FUNCTIONS[qualifiedName])?.value;
    } else {
      if (!usesShell(call, context)) return;
      command = call.argument(0, 'args')?.value;
      // With a list and shell=True, only the first item is the command line (the rest are $0, $1…).
      const items = command ? sequenceItems(command) : undefined;
      if (items) command = items[0];
    }
    if (!command) return;
    const text = commandTemplate(command, context, 0);
    if (text === undefined) return;
    const hit = wildcardUse(text);
    if (!hit) return;
    context.report(command, {
      message: `\`${hit.program}\` gets a shell glob: a file named like an option (\`--checkpoint-action=…\`) runs commands; put \`--\` first.`,
    });
  },
});

/**
 * The command as far as the source fixes it: literals as they are, values formatted in at run
 * time as VALUE. Undefined when nothing about it is literal.
 */
/**
 * Linux's limit on one argument (MAX_ARG_STRLEN): a longer command line cannot reach `sh -c` at
 * all, so it is not read (a megabyte f-string would cost a walk of every interpolation).
 */
const MAX_COMMAND_LENGTH = 131_072;

function commandTemplate(node: Node, context: RuleContext, depth: number): string | undefined {
  if (depth > 6 || node.endIndex - node.startIndex > MAX_COMMAND_LENGTH) return undefined;
  const literal = context.model.literal(node);
  if (literal) return typeof literal.value === 'string' ? literal.value : undefined;
  switch (node.type) {
    case 'parenthesized_expression':
      return node.firstNamedChild ? commandTemplate(node.firstNamedChild, context, depth + 1) : undefined;
    case 'string': {
      // An f-string: its text with each interpolation as VALUE.
      let text = '';
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (child.type === 'string_content' || child.type === 'escape_sequence') text += child.text;
        else if (child.type === 'interpolation') text += VALUE;
      }
      return text;
    }
    case 'binary_operator': {
      const operator = node.childForFieldName('operator')?.type;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right) return undefined;
      if (operator === '+') {
        const a = commandTemplate(left, context, depth + 1);
        const b = commandTemplate(right, context, depth + 1);
        return a === undefined && b === undefined ? undefined : (a ?? VALUE) + (b ?? VALUE);
      }
      if (operator === '%') {
        const format = commandTemplate(left, context, depth + 1);
        return format?.replace(/%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]/g, (m) => (m === '%%' ? '%' : VALUE));
      }
      return undefined;
    }
    case 'call': {
      // "tar czf {} *".format(name)
      const fn = node.childForFieldName('function');
      if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'format') return undefined;
      const object = fn.childForFieldName('object');
      const format = object ? commandTemplate(object, context, depth + 1) : undefined;
      return format?.replace(/\{[^{}]*\}/g, VALUE);
    }
    case 'identifier': {
      const value = context.model.assignedValue(node);
      return value ? commandTemplate(value, context, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

/** The first vulnerable program in a command line that receives an unquoted glob argument. */
function wildcardUse(command: string): { program: string; glob: string } | undefined {
  for (const segment of command.split(/\|\||&&|[;|&\n]/)) {
    const words = shellWords(segment);
    let at = 0;
    while (at < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[at].text)) at++;
    while (at < words.length && PREFIX_COMMANDS.has(words[at].text)) {
      at++;
      while (at < words.length && words[at].text.startsWith('-')) at++;
      if (words[at - 1]?.text === '-n' || words[at - 1]?.text === '-u') at++; // nice -n 5, sudo -u user
    }
    const word = words[at];
    if (!word || word.quoted) continue;
    const program = word.text.slice(word.text.lastIndexOf('/') + 1);
    if (!VULNERABLE_PROGRAMS.has(program)) continue;
    const glob = words.slice(at + 1).find((w) => w.glob && !w.text.startsWith('-'));
    if (glob) return { program, glob: glob.text };
  }
  return undefined;
}

/** Splits a shell command into words, noting which contain an unquoted `*` or `?`. */
function shellWords(segment: string): { text: string; glob: boolean; quoted: boolean }[] {
  const words: { text: string; glob: boolean; quoted: boolean }[] = [];
  let current: { text: string; glob: boolean; quoted: boolean } | undefined;
  let quote: string | undefined;
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (!quote && /\s/.test(c)) {
      if (current) words.push(current);
      current = undefined;
      continue;
    }
    current ??= { text: '', glob: false, quoted: false };
    if (quote) {
      if (c === quote) quote = undefined;
      else current.text += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      current.quoted = true;
      continue;
    }
    if (c === '\\' && i + 1 < segment.length) {
      current.text += segment[++i];
      current.quoted = true;
      continue;
    }
    if (c === '*' || c === '?') current.glob = true;
    current.text += c;
  }
  if (current) words.push(current);
  return words;
}
