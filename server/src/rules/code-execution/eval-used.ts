import { defineRule, type RuleContext } from '../../engine/rule';
import type { Fix, Fixer, TextEdit } from '../../engine/fixer';
import type { CallSite } from '../../engine/sites';
import { contentSource } from './network-content';

const FIX_TITLE = 'Use ast.literal_eval (accepts only Python literals)';

export default defineRule({
  meta: {
    id: 'PW202',
    name: 'eval-used',
    title: 'Use of eval',
    category: 'code-execution',
    // Bandit's defaults for B307 (medium, high). Per finding: an expression downloaded from the
    // network is high; a constant string cannot be injected and is low.
    severity: 'medium',
    confidence: 'high',
    cwe: 95,
    bandit: 'B307',
    ruff: 'S307',
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds calls of the builtin `eval`, and says when the expression it evaluates is downloaded from the network.',
      why: '`eval` evaluates a string as a Python expression, and an expression can do anything: `__import__("os").system("...")` runs a shell command, and restricted `globals` / `__builtins__` are easily escaped through object attributes. Code that evaluates user input, file contents or a download to parse numbers, lists or dicts gives whoever controls that input arbitrary code execution.',
      example: 'def parse_filter(text):\n    return eval(text)\n\nlimits = eval(requests.get(LIMITS_URL, timeout=10).text)',
      safe: 'import ast\nimport json\n\ndef parse_filter(text):\n    return ast.literal_eval(text)  # strings, numbers, tuples, lists, dicts, sets, booleans, None\n\nlimits = json.loads(requests.get(LIMITS_URL, timeout=10).text)',
      references: [
        'https://cwe.mitre.org/data/definitions/95.html',
        'https://docs.python.org/3/library/functions.html#eval',
        'https://docs.python.org/3/library/ast.html#ast.literal_eval',
        'https://nedbatchelder.com/blog/201206/eval_really_is_dangerous.html',
      ],
    },
  },
  calls: ['builtins.eval'],

  checkCall(call, context) {
    const callee = call.callee.text;
    const expression = call.positional(0);
    const source = expression ? contentSource(expression.value, context.model) : 'other';
    const fix = (fixer: Fixer) => literalEvalFix(call, context, fixer);
    if (source === 'network') {
      context.report(call.node, {
        message: `\`${callee}\` evaluates downloaded content: its server can run code here; parse it with \`json\` or \`ast.literal_eval\`.`,
        severity: 'high',
        confidence: 'high',
        fix,
      });
      return;
    }
    if (source === 'constant') {
      context.report(call.node, {
        message: `\`${callee}\` of a constant string hides code from review; write the expression directly (\`ast.literal_eval\` for literals).`,
        severity: 'low',
        fix,
      });
      return;
    }
    context.report(call.node, {
      message: `\`${callee}\` runs its argument as code, so input reaching it runs anything; use \`ast.literal_eval\` or a parser.`,
      fix,
    });
  },
});

/**
 * `eval(x)` → `ast.literal_eval(x)`, importing `ast` when needed. Only for exactly one argument
 * (literal_eval takes no globals), and only where `ast` is free to mean the module. Not
 * preferred: it rejects every non-literal expression the code may rely on.
 */
function literalEvalFix(call: CallSite, context: RuleContext, fixer: Fixer): Fix[] {
  if (call.arguments.length !== 1 || !call.positional(0) || call.hasStarArgs || call.hasStarKwargs) return [];
  const edits: TextEdit[] = [];
  let name = context.model.spell('ast.literal_eval', call.node);
  if (name === undefined) {
    // A parameter or variable named `ast` here would hide the module we import.
    if (context.model.lookup('ast', call.node)) return [];
    edits.push(...fixer.ensureImport('ast'));
    name = 'ast.literal_eval';
  }
  edits.push(fixer.replace(call.callee, name));
  return [fixer.unsafe(FIX_TITLE, 'expressions other than literals raise ValueError', edits)];
}
