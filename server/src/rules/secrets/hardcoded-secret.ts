// Reporting a hardcoded password and its fix, shared by PWS001–PWS003: the message shows the
// secret masked, and the fix reads it from the environment instead.
import type { Node } from 'web-tree-sitter';
import type { RuleContext } from '../../engine/rule';
import type { Fix, Fixer } from '../../engine/fixer';
import { stringLiteral } from '../../engine/semantic/bindings';
import { spellOrImport } from '../transport/spelling';
import { classifySecretValue, environmentName, maskSecret, namesPassword } from './secret-names';

/** A string literal's value, unless it is an f-string with interpolations or bytes. */
export function literalString(node: Node): string | undefined {
  if (node.type !== 'string' && node.type !== 'concatenated_string') return undefined;
  const first = node.type === 'string' ? node : node.namedChildren.find((child) => child?.type === 'string');
  const start = first?.firstChild;
  if (start?.type === 'string_start' && /b/i.test(start.text)) return undefined;
  return stringLiteral(node);
}

export interface HardcodedSecret {
  /** The string literal. */
  literal: Node;
  /** Its value. */
  value: string;
  /** The password-like name it is bound to: the variable, attribute, key, keyword or parameter. */
  name: string;
  /** What is set, for the message: "`DB_PASSWORD` is assigned", "`connect(password=…)` is passed". */
  subject: string;
}

/**
 * Reports `secret` unless its name or value says it is not a credential. Returns whether it
 * reported. The fix replaces the literal with `os.environ["NAME"]`.
 */
export function reportHardcoded(secret: HardcodedSecret, context: RuleContext, options: { fix?: boolean } = {}): boolean {
  if (!namesPassword(secret.name)) return false;
  const kind = classifySecretValue(secret.value, secret.name);
  if (kind === 'not-secret') return false;
  const variable = environmentName(secret.name);
  const fix = options.fix === false ? undefined : (fixer: Fixer) => environmentFix(secret.literal, variable, context, fixer);
  if (kind === 'weak-default') {
    context.report(secret.literal, {
      message: `${secret.subject} a well-known default password: anyone can guess it, and it ends up in every copy of the code. Read the real one from the environment or a secret store (\`os.environ["${variable}"]\`), and refuse to start without it.`,
      confidence: 'high',
      fix,
    });
    return true;
  }
  context.report(secret.literal, {
    message: `${secret.subject} the hardcoded secret \`${maskSecret(secret.value)}\`: anyone who can read the source — the repository and its history, a package, a container image — can use it, and rotating it takes a code change. Read it from the environment or a secret store (\`os.environ["${variable}"]\`).`,
    fix,
  });
  return true;
}

/** `"hunter2"` → `os.environ["DB_PASSWORD"]`, importing `os` when nothing spells `os.environ` yet. */
export function environmentFix(literal: Node, variable: string, context: RuleContext, fixer: Fixer): Fix[] {
  const environ = spellOrImport('os.environ', literal, context, fixer);
  if (!environ) return [];
  return [fixer.fix(`Read from environment (${environ.text}["${variable}"])`, [...environ.edits, fixer.replace(literal, `${environ.text}["${variable}"]`)])];
}
