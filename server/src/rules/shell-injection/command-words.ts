// Helpers shared by the shell-injection rules: how a command argument is written, and whether
// a fixed command string can be run without a shell by splitting it into words.
import type { Node } from 'web-tree-sitter';
import type { RuleContext } from '../../engine/rule';

/**
 * Characters that make a command string mean something different to `/bin/sh` (or `cmd.exe`)
 * than its whitespace-separated words: pipes and lists, redirections, subshells, expansions,
 * quoting and escaping, globbing, comments, brace expansion, tilde expansion, assignments.
 */
const SHELL_SYNTAX = /[|&;<>()$`\\"'*?[\]#~=%{}!^\n\r]/;

/**
 * Commands built into the shell, with no program of that name to run without one: POSIX
 * special and regular built-ins, and `cmd.exe` internal commands (`echo`, `dir` … are programs
 * on Linux but not on Windows, where `shell=True` means `cmd.exe`).
 */
const SHELL_BUILTINS = new Set([
  // POSIX sh / bash
  '.', ':', 'alias', 'bg', 'bind', 'break', 'builtin', 'caller', 'cd', 'command', 'compgen', 'complete', 'continue',
  'declare', 'dirs', 'disown', 'enable', 'eval', 'exec', 'exit', 'export', 'fc', 'fg', 'getopts', 'hash', 'help',
  'history', 'jobs', 'let', 'local', 'logout', 'mapfile', 'popd', 'pushd', 'read', 'readarray', 'readonly', 'return',
  'set', 'shift', 'shopt', 'source', 'suspend', 'times', 'trap', 'type', 'typeset', 'ulimit', 'umask', 'unalias',
  'unset', 'wait',
  // cmd.exe internal commands
  'assoc', 'call', 'chdir', 'cls', 'color', 'copy', 'date', 'del', 'dir', 'echo', 'endlocal', 'erase', 'for', 'ftype',
  'goto', 'if', 'md', 'mkdir', 'mklink', 'move', 'path', 'pause', 'prompt', 'rd', 'rem', 'ren', 'rename', 'rmdir',
  'setlocal', 'start', 'time', 'title', 'ver', 'verify', 'vol',
]);

/** Why a fixed command string cannot become an argument list, or its words when it can. */
export type CommandSplit = { words: string[] } | { reason: string };

/** Splits a fixed command into words when a shell would do nothing more than split it on blanks. */
export function splitCommand(command: string): CommandSplit {
  const syntax = SHELL_SYNTAX.exec(command);
  if (syntax) {
    const shown = syntax[0] === '\n' ? '\\n' : syntax[0] === '\r' ? '\\r' : syntax[0];
    return { reason: `it uses shell syntax (\`${shown}\`)` };
  }
  const words = command.split(/[ \t]+/).filter(Boolean);
  if (words.length === 0) return { reason: 'it is empty' };
  if (SHELL_BUILTINS.has(words[0])) return { reason: `\`${words[0]}\` is built into the shell, not a program` };
  return { words };
}

/** Whether a string literal is bytes, and its quote character: `b"…"` → { bytes: true, quote: '"' }. */
function stringStyle(node: Node): { bytes: boolean; quote: string } | undefined {
  let literal = node;
  while (literal.type === 'parenthesized_expression' && literal.firstNamedChild) literal = literal.firstNamedChild;
  const part = literal.type === 'concatenated_string' ? literal.namedChildren.find((c) => c?.type === 'string') : literal;
  const start = part?.namedChildren.find((c) => c?.type === 'string_start') ?? part?.firstChild;
  if (!start) return undefined;
  const text = start.text;
  const quote = text.endsWith("'") ? "'" : '"';
  return { bytes: /b/i.test(text.replace(/['"]/g, '')), quote };
}

/** `["ls", "-l", "/tmp"]` written with the quote style (and bytes prefix) of `node`, the original literal. */
export function listLiteral(words: readonly string[], node: Node): string {
  const style = stringStyle(node) ?? { bytes: false, quote: '"' };
  const prefix = style.bytes ? 'b' : '';
  return `[${words.map((word) => `${prefix}${style.quote}${word}${style.quote}`).join(', ')}]`;
}

/** How a command argument is written: a literal string (directly or through a name bound once), a list of literals, or something built at run time. */
export type CommandKind =
  | { kind: 'literal'; value: string; direct: boolean }
  | { kind: 'literal-list' }
  | { kind: 'dynamic' };

export function classifyCommand(node: Node, context: RuleContext): CommandKind {
  const literal = context.model.literal(node);
  if (literal && typeof literal.value === 'string') {
    let inner = node;
    while (inner.type === 'parenthesized_expression' && inner.firstNamedChild) inner = inner.firstNamedChild;
    return { kind: 'literal', value: literal.value, direct: inner.type === 'string' || inner.type === 'concatenated_string' };
  }
  if (node.type === 'list' || node.type === 'tuple') {
    const items = node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    if (items.every((item) => typeof context.model.literal(item)?.value === 'string')) return { kind: 'literal-list' };
  }
  return { kind: 'dynamic' };
}

/** A short rendering of an expression for messages: its first line, at most 40 characters. */
export function brief(node: Node): string {
  const firstLine = node.text.split('\n')[0];
  return firstLine.length > 40 || firstLine !== node.text ? `${firstLine.slice(0, 37).trimEnd()}…` : firstLine;
}

/**
 * Whether an expression is a truthy constant, as Python's `bool()` sees it: `True`, a non-zero
 * number, a non-empty string (`shell="False"` turns the shell on), a non-empty list, tuple or
 * dict, a lambda, or a name bound to one.
 */
export function isTruthyConstant(node: Node, context: RuleContext): boolean {
  const literal = context.model.literal(node);
  if (literal) return literal.value === true || (typeof literal.value === 'number' && literal.value !== 0) || (typeof literal.value === 'string' && literal.value !== '');
  const value = node.type === 'identifier' ? context.model.assignedValue(node) ?? node : node;
  if (value.type === 'lambda') return true;
  if (value.type === 'list' || value.type === 'tuple' || value.type === 'dictionary') return value.namedChildren.some((c) => c?.type !== 'comment');
  return false;
}
