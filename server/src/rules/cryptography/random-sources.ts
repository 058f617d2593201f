// The `random` module's generator and when its output is a secret: shared by PW606 (random values
// that name a secret) and PW607 (every other use, strict profile), so that a call gets one of the
// two findings, never both.
import type { Node } from 'web-tree-sitter';
import type { RuleContext } from '../../engine/rule';
import type { CallSite } from '../../engine/sites';
import { namesSecret, valueNames, type ValueName } from './names';

/**
 * Functions of the module-level Mersenne Twister (and of `random.Random` instances) that produce
 * values: Bandit B311's list plus `getrandbits`, `sample` and `shuffle`. The distributions
 * (`gauss`, `betavariate`, …) are left out: nobody builds a secret from a normal distribution,
 * and they would only add noise.
 */
export const RANDOM_FUNCTIONS = ['random', 'randint', 'randrange', 'choice', 'choices', 'sample', 'getrandbits', 'shuffle', 'uniform', 'triangular', 'randbytes'];

/** `random.choice` → "choice", `random.Random().choice` → "choice"; undefined for other names. */
export function randomFunction(qualifiedName: string | undefined): string | undefined {
  const match = qualifiedName === undefined ? null : /^random\.(?:Random\(\)\.)?([A-Za-z_]+)$/.exec(qualifiedName);
  return match && RANDOM_FUNCTIONS.includes(match[1]) ? match[1] : undefined;
}

/**
 * The name that makes a random value a secret, if any: the variable, attribute, key or keyword
 * it is stored under, or the function returning it (`reset_token = …`, `def make_otp(): return …`).
 * `random.shuffle(x)` works in place: the shuffled variable's name counts.
 */
export function secretName(call: CallSite, context: RuleContext): ValueName | undefined {
  const names = valueNames(call.node, context);
  if (randomFunction(call.qualifiedName) === 'shuffle') {
    const shuffled = call.argument(0, 'x')?.value;
    if (shuffled?.type === 'identifier') names.push({ name: shuffled.text, kind: 'argument' });
    if (shuffled?.type === 'attribute') names.push({ name: shuffled.childForFieldName('attribute')!.text, kind: 'argument' });
  }
  return names.find((value) => namesSecret(value.name));
}

/**
 * Whether the called name is only a fallback: imported from `random` in the `except` clause of a
 * `try` that imports the same name from `secrets` (`try: from secrets import randbits` /
 * `except ImportError: from random import getrandbits as randbits`). The model sees the last
 * binding; on any supported Python the first one wins.
 */
export function isFallbackImport(call: CallSite, context: RuleContext): boolean {
  if (call.callee.type !== 'identifier') return false;
  const binding = context.model.lookup(call.callee.text, call.callee);
  if (binding?.kind !== 'import') return false;
  let node: Node | null | undefined = context.model.nodeAt(binding.start, binding.end);
  while (node && node.type !== 'except_clause' && node.type !== 'module' && node.type !== 'function_definition') node = node.parent;
  const tryStatement = node?.type === 'except_clause' ? node.parent : undefined;
  const body = tryStatement?.type === 'try_statement' ? tryStatement.childForFieldName('body') : undefined;
  if (!body) return false;
  for (const statement of body.namedChildren) {
    if (statement?.type !== 'import_from_statement' || statement.childForFieldName('module_name')?.text !== 'secrets') continue;
    for (const name of statement.childrenForFieldName('name')) {
      const bound = name?.type === 'aliased_import' ? name.childForFieldName('alias') : name;
      if (bound?.text === call.callee.text) return true;
    }
  }
  return false;
}
