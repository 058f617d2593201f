import { defineRule } from '../../engine/rule';
import { bodyStatements, describeHandler, isEllipsisStatement, whatIsCaught } from './except-clauses';

export default defineRule({
  meta: {
    id: 'PW902',
    name: 'try-except-pass',
    title: 'Errors swallowed by `except: pass`',
    category: 'other',
    // Bandit's defaults for B110 (low, high).
    severity: 'low',
    confidence: 'high',
    cwe: 703,
    bandit: 'B110',
    ruff: 'S110',
    fixable: false,
    offInTests: true,
    profile: 'strict',
    docs: {
      what: 'Finds `except` clauses whose whole body is `pass` (or `...`) and that catch everything: a bare `except:`, `except Exception` or `except BaseException`, alone or in a tuple. Handlers for specific exceptions (`except KeyError: pass`) are deliberate and not reported, as with Bandit\'s default `check_typed_exception: False`.',
      why: 'A handler that catches every error and does nothing hides failures that matter for security: a permission check that raised, a signature verification that crashed, a write that did not happen, or a flood of errors from someone probing the service. Nothing is logged, so neither the bug nor the attack leaves a trace, and the program carries on in a state nobody planned for.',
      example: 'try:\n    verify_signature(payload, signature)\nexcept Exception:\n    pass',
      safe: 'import logging\n\nlog = logging.getLogger(__name__)\n\ntry:\n    verify_signature(payload, signature)\nexcept InvalidSignature:\n    log.warning("rejected a payload with a bad signature")\n    raise',
      references: [
        'https://cwe.mitre.org/data/definitions/703.html',
        'https://bandit.readthedocs.io/en/latest/plugins/b110_try_except_pass.html',
        'https://docs.python.org/3/tutorial/errors.html#handling-exceptions',
      ],
    },
  },
  nodes: ['except_clause'],

  checkNode(clause, context) {
    const body = bodyStatements(clause);
    if (body.length !== 1) return;
    const statement = body[0];
    if (statement.type !== 'pass_statement' && !isEllipsisStatement(statement)) return;
    const caught = whatIsCaught(clause, context.model);
    if (!caught.broad) return;
    const what = caught.broad === 'everything' ? 'every exception' : `every \`${caught.broad}\``;
    context.report(clause, {
      message: `\`${describeHandler(caught)}: ${statement.text}\` hides ${what}; catch the specific ones and log the rest.`,
    });
  },
});
