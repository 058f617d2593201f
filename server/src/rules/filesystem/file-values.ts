// Helpers shared by the filesystem rules: permission bits written as numbers or `stat`
// constants, and what a name stands for (an assigned value, or the value of `with … as name`).
import type { Node } from 'web-tree-sitter';
import type { SemanticModel } from '../../engine/semantic/model';

/** The permission constants of the `stat` module. */
export const STAT_BITS: Readonly<Record<string, number>> = {
  S_ISUID: 0o4000,
  S_ISGID: 0o2000,
  S_ENFMT: 0o2000,
  S_ISVTX: 0o1000,
  S_IRWXU: 0o700,
  S_IRUSR: 0o400,
  S_IREAD: 0o400,
  S_IWUSR: 0o200,
  S_IWRITE: 0o200,
  S_IXUSR: 0o100,
  S_IEXEC: 0o100,
  S_IRWXG: 0o070,
  S_IRGRP: 0o040,
  S_IWGRP: 0o020,
  S_IXGRP: 0o010,
  S_IRWXO: 0o007,
  S_IROTH: 0o004,
  S_IWOTH: 0o002,
  S_IXOTH: 0o001,
};

export interface Mode {
  /** Bits certainly set (`st.st_mode | stat.S_IWOTH` certainly sets S_IWOTH). */
  bits: number;
  /** Whether `bits` is the whole mode. */
  exact: boolean;
}

/** The value of a Python integer literal: `0o777`, `0777` (Python 2), `0x1ff`, `511`, `0b1_1`. */
export function integerValue(text: string): number | undefined {
  const clean = text.replace(/_/g, '').replace(/[lL]$/, '');
  let value: number;
  if (/^0[oO][0-7]+$/.test(clean)) value = parseInt(clean.slice(2), 8);
  else if (/^0[xX][0-9a-fA-F]+$/.test(clean)) value = parseInt(clean.slice(2), 16);
  else if (/^0[bB][01]+$/.test(clean)) value = parseInt(clean.slice(2), 2);
  else if (/^0[0-7]+$/.test(clean)) value = parseInt(clean.slice(1), 8);
  else if (/^\d+$/.test(clean)) value = parseInt(clean, 10);
  else return undefined;
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * The permission bits an expression sets: integer literals, `stat.S_*` constants, `|` and `+`
 * of them, and names bound once to such values. Unknown operands of `|` leave the known bits set.
 */
export function modeValue(expression: Node, model: SemanticModel, depth = 0): Mode | undefined {
  if (depth > 6) return undefined;
  switch (expression.type) {
    case 'integer': {
      const value = integerValue(expression.text);
      return value === undefined ? undefined : { bits: value, exact: true };
    }
    case 'parenthesized_expression': {
      const inner = expression.firstNamedChild;
      return inner ? modeValue(inner, model, depth + 1) : undefined;
    }
    case 'attribute':
    case 'identifier': {
      const name = model.resolve(expression);
      if (name?.startsWith('stat.') && STAT_BITS[name.slice(5)] !== undefined) return { bits: STAT_BITS[name.slice(5)], exact: true };
      if (expression.type === 'identifier') {
        const value = model.assignedValue(expression);
        if (value) return modeValue(value, model, depth + 1);
      }
      return undefined;
    }
    case 'binary_operator': {
      const operator = expression.childForFieldName('operator')?.text;
      const left = expression.childForFieldName('left');
      const right = expression.childForFieldName('right');
      if (!left || !right || (operator !== '|' && operator !== '+')) return undefined;
      const a = modeValue(left, model, depth + 1);
      const b = modeValue(right, model, depth + 1);
      if (operator === '+') return a && b && a.exact && b.exact ? { bits: a.bits + b.bits, exact: true } : undefined;
      if (!a && !b) return undefined;
      return { bits: (a?.bits ?? 0) | (b?.bits ?? 0), exact: !!a?.exact && !!b?.exact };
    }
    default:
      return undefined;
  }
}

/** `0o755` */
export function octal(bits: number): string {
  return `0o${bits.toString(8)}`;
}

/**
 * The expression a name stands for here: the value it is assigned once in its scope, or the
 * context expression of the `with … as name` that binds it.
 */
export function valueOfName(identifier: Node, model: SemanticModel): Node | undefined {
  const assigned = model.assignedValue(identifier);
  if (assigned) return assigned;
  const binding = model.lookup(identifier.text, identifier);
  if (!binding || binding.kind !== 'assign') return undefined;
  const name = model.nodeAt(binding.start, binding.end);
  const target = name?.parent;
  const pattern = target?.parent;
  if (target?.type === 'as_pattern_target' && pattern?.type === 'as_pattern' && pattern.parent?.type === 'with_item') {
    return pattern.firstNamedChild ?? undefined;
  }
  return undefined;
}

/** The annotation of the parameter a name is bound to (`def f(tar: tarfile.TarFile)`), if any. */
export function parameterAnnotation(identifier: Node, model: SemanticModel): Node | undefined {
  const binding = model.lookup(identifier.text, identifier);
  if (!binding || binding.kind !== 'param') return undefined;
  const name = model.nodeAt(binding.start, binding.end);
  const parameter = name?.parent;
  if (!parameter || (parameter.type !== 'typed_parameter' && parameter.type !== 'typed_default_parameter')) return undefined;
  const type = parameter.childForFieldName('type');
  return type?.firstNamedChild ?? undefined;
}

/** The statement holding `node` when it has its line to itself (comments aside), with its indentation. */
export function ownLine(statement: Node, text: string): { indent: string; lineEnd: number } | undefined {
  const lineStart = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  const indent = text.slice(lineStart, statement.startIndex);
  if (!/^[ \t]*$/.test(indent)) return undefined;
  let lineEnd = text.indexOf('\n', statement.endIndex);
  if (lineEnd === -1) lineEnd = text.length;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  if (!/^[ \t]*(#.*)?$/.test(text.slice(statement.endIndex, lineEnd))) return undefined;
  return { indent, lineEnd };
}

/** A short form of an expression for messages. */
export function brief(text: string, max = 40): string {
  // Comments inside a multi-line expression say nothing about it.
  const flat = text.replace(/#[^\n]*/g, '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
