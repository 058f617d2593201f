// The process-starting functions PW303–PW308 look at, and how to find the program and the
// arguments each one runs. The subprocess and shell families are PW301's and PW302's own lists.
import type { Node } from 'web-tree-sitter';
import type { RuleContext } from '../../engine/rule';
import type { CallSite } from '../../engine/sites';
import { SUBPROCESS_FUNCTIONS } from './subprocess-shell-true';
import { SHELL_FUNCTIONS } from './shell-command-function';
import { isTruthyConstant, splitCommand } from './command-words';

export { SUBPROCESS_FUNCTIONS, SHELL_FUNCTIONS };

/**
 * Functions that start a program without a shell by replacing or forking the process: where
 * their program argument is, and how its arguments are passed (`list`: one argv sequence after
 * the program, `rest`: every further positional argument). `mode` (os.spawn*) precedes the
 * program; `env` (the *e variants) is the last positional argument.
 */
interface NoShellLayout {
  program: number;
  args: 'list' | 'rest' | 'none';
  env?: boolean;
}

export const NO_SHELL_FUNCTIONS: Record<string, NoShellLayout> = {
  'os.execl': { program: 0, args: 'rest' },
  'os.execle': { program: 0, args: 'rest', env: true },
  'os.execlp': { program: 0, args: 'rest' },
  'os.execlpe': { program: 0, args: 'rest', env: true },
  'os.execv': { program: 0, args: 'list' },
  'os.execve': { program: 0, args: 'list', env: true },
  'os.execvp': { program: 0, args: 'list' },
  'os.execvpe': { program: 0, args: 'list', env: true },
  'os.spawnl': { program: 1, args: 'rest' },
  'os.spawnle': { program: 1, args: 'rest', env: true },
  'os.spawnlp': { program: 1, args: 'rest' },
  'os.spawnlpe': { program: 1, args: 'rest', env: true },
  'os.spawnv': { program: 1, args: 'list' },
  'os.spawnve': { program: 1, args: 'list', env: true },
  'os.spawnvp': { program: 1, args: 'list' },
  'os.spawnvpe': { program: 1, args: 'list', env: true },
  'os.posix_spawn': { program: 0, args: 'list', env: true },
  'os.posix_spawnp': { program: 0, args: 'list', env: true },
  'os.startfile': { program: 0, args: 'none' },
};

/** The program argument of a no-shell call and the expressions that make up its arguments. */
export function noShellParts(call: CallSite, layout: NoShellLayout): { program?: Node; args: Node[] } {
  const positional = call.arguments.filter((a) => a.index !== undefined);
  const program = positional.find((a) => a.index === layout.program)?.value;
  const args: Node[] = [];
  if (layout.args === 'list') {
    const list = positional.find((a) => a.index === layout.program + 1);
    if (list) args.push(list.value);
  } else if (layout.args === 'rest') {
    const last = layout.env ? positional.length - 1 : positional.length;
    for (const argument of positional.slice(layout.program + 1, last)) args.push(argument.value);
  } else {
    const more = call.keyword('arguments') ?? positional.find((a) => a.index === 2);
    if (more) args.push(more.value);
  }
  return { program, args };
}

/** Expressions whose value is fixed by the program itself, though not a literal: the interpreter's own path. */
const TRUSTED_VALUES = new Set(['sys.executable']);

/** The items of a list or tuple literal (without comments); undefined for anything else. */
export function sequenceItems(node: Node): Node[] | undefined {
  let inner = node;
  while (inner.type === 'parenthesized_expression' && inner.firstNamedChild) inner = inner.firstNamedChild;
  if (inner.type !== 'list' && inner.type !== 'tuple') return undefined;
  return inner.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
}

/** A string literal, a name bound once to one, or `sys.executable`. */
export function isFixedString(node: Node, context: RuleContext): boolean {
  if (typeof context.model.literal(node)?.value === 'string') return true;
  const name = context.model.resolve(node);
  return name !== undefined && TRUSTED_VALUES.has(name);
}

/**
 * Whether a command is fixed in the source: a string (see isFixedString), or a list or tuple
 * of them written in place or bound once to a name.
 */
export function isFixedCommand(node: Node, context: RuleContext): boolean {
  if (isFixedString(node, context)) return true;
  let items = sequenceItems(node);
  if (!items && node.type === 'identifier') {
    const value = context.model.assignedValue(node);
    items = value ? sequenceItems(value) : undefined;
  }
  return items !== undefined && items.every((item) => item.type !== 'list_splat' && isFixedString(item, context));
}

/** Whether a subprocess call runs its command through a shell (`shell=` a truthy constant). */
export function usesShell(call: CallSite, context: RuleContext): boolean {
  const shell = call.keyword('shell');
  return !!shell && isTruthyConstant(shell.value, context);
}

/**
 * The program a shell command line starts: its first word after any `NAME=value` assignments,
 * when that word is plain (no quoting or expansion); undefined otherwise and for shell built-ins.
 */
export function shellProgram(command: string): string | undefined {
  const match = /^\s*(?:[A-Za-z_][A-Za-z0-9_]*=[^\s;&|<>()$`'"\\]*\s+)*([^\s;&|<>()$`'"\\{}*?[\]#~]+)(?=$|[\s;&|<>])/.exec(command);
  if (!match) return undefined;
  const word = match[1];
  // A single word that splits cleanly but "is built into the shell" has no program to find.
  const split = splitCommand(word);
  return 'words' in split ? word : undefined;
}

/** Bandit's test for a full path: a drive letter and colon, or a leading `/`, `\` or `.`. */
export function isFullPath(program: string): boolean {
  return /^(?:[A-Za-z](?=:)|[\\/.])/.test(program);
}
