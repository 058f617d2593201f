import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import { brief } from '../filesystem/file-values';
import type { Fix, Fixer } from '../../engine/fixer';

/**
 * Words in a condition that make an assert look like an access check: `assert user.is_admin`,
 * `assert request.user.has_perm("delete")`, `assert token_valid(token)`.
 */
const SECURITY_WORDS = /(?:^|_|\b)(?:auth|authn|authz|authenticated?|authori[sz]ed|authori[sz]ation|permission|permissions|perm|perms|has_perms?|is_admin|admin|superuser|is_superuser|is_staff|staff|role|roles|owner|is_owner|logged_in|login|csrf|token|signature|signed|verified|verify|access|allowed|privileges?|privileged|acl|can_\w+|may_\w+)(?:$|_|\b)/i;

const MAX_SHOWN = 40;

export default defineRule({
  meta: {
    id: 'PW901',
    name: 'assert-used',
    title: 'Use of assert',
    category: 'other',
    // Bandit's defaults for B101 (low, high). An assert whose condition reads like an access
    // check (permission, authentication, ownership, signature) is reported as medium.
    severity: 'low',
    confidence: 'high',
    cwe: 703,
    bandit: 'B101',
    ruff: 'S101',
    fixable: true,
    fixApplicability: ['unsafe'],
    profile: 'strict',
    offInTests: true,
    docs: {
      what: 'Finds `assert` statements outside tests. An assert whose condition looks like an access check (`is_admin`, `has_perm`, `is_authenticated`, `owner`, `token`, `signature`…) is reported with medium severity.',
      why: 'Python removes every `assert` when it runs optimised (`python -O`, `PYTHONOPTIMIZE=1`, some container images and WSGI setups). A check written as an assert — "only admins get here", "the signature was verified", "the path is inside the upload folder" — silently disappears there, and the code below it runs for everyone.',
      example: 'def delete_account(request, account):\n    assert request.user.is_admin, "admins only"\n    account.delete()',
      safe: 'def delete_account(request, account):\n    if not request.user.is_admin:\n        raise PermissionDenied("admins only")\n    account.delete()',
      references: [
        'https://cwe.mitre.org/data/definitions/703.html',
        'https://docs.python.org/3/reference/simple_stmts.html#the-assert-statement',
        'https://docs.python.org/3/using/cmdline.html#cmdoption-O',
      ],
    },
  },
  nodes: ['assert_statement'],

  checkNode(statement, context) {
    const [condition, message] = statement.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
    if (!condition) return;
    const shown = brief(condition.text, MAX_SHOWN);
    const fix = (fixer: Fixer) => raiseFix(statement, condition, message, fixer);
    if (looksLikeSecurityCheck(condition)) {
      context.report(statement, {
        message: `\`assert ${shown}\` reads like an access check, but \`python -O\` removes it; use \`if not …: raise\` instead.`,
        severity: 'medium',
        confidence: 'medium',
        fix,
      });
      return;
    }
    context.report(statement, {
      message: `\`assert ${shown}\` is removed by \`python -O\`; use \`if not …: raise\` where the check must hold.`,
      fix,
    });
  },
});

/** Whether a name or attribute in the condition reads like authorisation or authentication. */
function looksLikeSecurityCheck(condition: Node): boolean {
  const stack: Node[] = [condition];
  let budget = 200;
  while (stack.length > 0 && budget-- > 0) {
    const node = stack.pop()!;
    if (node.type === 'identifier' && SECURITY_WORDS.test(node.text)) return true;
    if (node.type === 'string') continue;
    for (const child of node.namedChildren) if (child) stack.push(child);
  }
  return false;
}

/** Condition types that `not` would bind more tightly than, so they need parentheses. */
const NEEDS_PARENTHESES = new Set(['boolean_operator', 'conditional_expression', 'named_expression', 'lambda']);

/**
 * `assert cond, msg` → `if not cond:\n    raise AssertionError(msg)`, for an assert that has its
 * line to itself (a one-line `if x: assert y` or `assert y; z()` is left alone).
 */
function raiseFix(statement: Node, condition: Node, message: Node | undefined, fixer: Fixer): Fix[] {
  const text = statement.tree.rootNode.text;
  const lineStart = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  const indent = text.slice(lineStart, statement.startIndex);
  if (!/^[ \t]*$/.test(indent)) return [];
  let lineEnd = text.indexOf('\n', statement.endIndex);
  if (lineEnd === -1) lineEnd = text.length;
  if (!/^[ \t]*(#.*)?\r?$/.test(text.slice(statement.endIndex, lineEnd))) return [];
  const unit = indent.includes('\t') ? '\t' : '    ';
  let test: string;
  if (condition.type === 'not_operator') {
    test = condition.childForFieldName('argument')?.text ?? `not (${condition.text})`;
    test = `if ${test}:`;
  } else {
    test = NEEDS_PARENTHESES.has(condition.type) ? `if not (${condition.text}):` : `if not ${condition.text}:`;
  }
  const raise = message ? `raise AssertionError(${message.text})` : 'raise AssertionError';
  return [fixer.unsafe('Raise AssertionError explicitly', 'the check also runs under python -O', fixer.replace(statement, `${test}\n${indent}${unit}${raise}`))];
}
