// Reporting a hardcoded password and its fixes, shared by PWS001–PWS004: the message shows the
// secret masked, and the fixes read it from the environment instead (or move it to `.env`).
import type { Node } from 'web-tree-sitter';
import type { FileRuleContext } from '../../engine/file-rule';
import type { RuleContext } from '../../engine/rule';
import type { Fix, Fixer } from '../../engine/fixer';
import { stringLiteral } from '../../engine/semantic/bindings';
import { configValues } from './detectors/config-values';
import { fileWhere, REVOKE_REMINDER } from './detectors/detector';
import { environmentFixes } from './detectors/environment-fix';
import { matchesProviderFormat } from './detectors/provider-registry';
import { hasSampleMarker } from './detectors/placeholders';
import { isBytesLiteral } from './detectors/python-literal';
import { classifySecretValue, environmentName, maskSecret, namesPassword } from './secret-names';

/** A string literal's value, unless it is an f-string with interpolations or bytes. */
export function literalString(node: Node): string | undefined {
  if (node.type !== 'string' && node.type !== 'concatenated_string') return undefined;
  if (isBytesLiteral(node)) return undefined;
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
 * Reports `secret` unless its name or value says it is not a credential, or a provider's rule
 * reports it (a `ghp_` token under `GITHUB_TOKEN` is PWS103's). Returns whether it reported.
 * The fixes replace the literal with `os.environ["NAME"]` (`os.getenv("NAME")` for a default).
 */
export function reportHardcoded(secret: HardcodedSecret, context: RuleContext, options: { fix?: boolean; optional?: boolean } = {}): boolean {
  if (!namesPassword(secret.name)) return false;
  const kind = classifySecretValue(secret.value, secret.name);
  if (kind === 'not-secret' || (kind === 'secret' && hasSampleMarker(secret.value)) || matchesProviderFormat(secret.value, { name: secret.name })) return false;
  const variable = environmentName(secret.name);
  const fix = options.fix === false ? undefined : (fixer: Fixer) => environmentFix(secret.literal, variable, context, fixer, options.optional === true);
  if (kind === 'weak-default') {
    context.report(secret.literal, {
      message: `${secret.subject} a well-known default password: anyone can guess it, and it ends up in every copy of the code. Read the real one from the environment or a secret store (\`os.environ["${variable}"]\`), and refuse to start without it.`,
      confidence: 'high',
      fix,
    });
    return true;
  }
  context.report(secret.literal, {
    message: `${secret.subject} the hardcoded secret \`${maskSecret(secret.value)}\`: anyone who can read the source — the repository and its history, a package, a container image — can use it, and rotating it takes a code change. Read it from the environment or a secret store (\`os.environ["${variable}"]\`); if it was ever committed, ${REVOKE_REMINDER}.`,
    fix,
  });
  return true;
}

/** "Read from environment" and "Move to .env" for a literal. */
export function environmentFix(literal: Node, variable: string, context: RuleContext, fixer: Fixer, optional = false): Fix[] {
  const value = stringLiteral(literal);
  if (value === undefined) return [];
  return environmentFixes({ literal, variable, value, optional, bytes: isBytesLiteral(literal) }, context, fixer);
}

/**
 * The name-based check in configuration files: each `key = value` whose key `wants` (a password
 * name, a key name) and whose value `judge` calls a secret, unless a provider's rule reports it.
 */
export function checkConfigValues(
  context: FileRuleContext,
  wants: (key: string) => boolean,
  judge: (value: string, key: string) => 'secret' | 'weak-default' | 'not-secret',
  describe: string,
): void {
  const where = fileWhere(context);
  if (where === undefined || context.kind === 'notebook') return;
  const values = context.memo('secrets:config-values', () => configValues(context.text));
  for (const { key, value, start, end } of values) {
    if (!wants(key)) continue;
    const kind = judge(value, key);
    if (kind === 'not-secret' || (kind === 'secret' && hasSampleMarker(value)) || /\$\{|\{\{|\$\(/.test(value) || matchesProviderFormat(value, { name: key })) continue;
    if (kind === 'weak-default') {
      context.report(start, end, {
        message: `${where} sets \`${key}\` to a well-known default password: anyone can guess it. Set the real one in the environment or a secret store, and refuse to start without it.`,
        confidence: 'high',
      });
      continue;
    }
    context.report(start, end, {
      message: `${where} sets \`${key}\` to ${describe} \`${maskSecret(value)}\`: anyone who can read the repository can use it. Keep it in an environment variable, a git-ignored \`.env\` or a secret store; ${REVOKE_REMINDER}.`,
    });
  }
}
