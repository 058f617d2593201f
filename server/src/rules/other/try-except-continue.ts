import { defineRule } from '../../engine/rule';
import { bodyStatements, describeHandler, whatIsCaught } from './except-clauses';

export default defineRule({
  meta: {
    id: 'PW903',
    name: 'try-except-continue',
    title: 'Errors swallowed by `except: continue`',
    category: 'other',
    // Bandit's defaults for B112 (low, high).
    severity: 'low',
    confidence: 'high',
    cwe: 703,
    bandit: 'B112',
    ruff: 'S112',
    fixable: false,
    offInTests: true,
    profile: 'strict',
    docs: {
      what: 'Finds `except` clauses in loops whose whole body is `continue` and that catch everything: a bare `except:`, `except Exception` or `except BaseException`, alone or in a tuple. Handlers for specific exceptions are deliberate and not reported, as with Bandit\'s default `check_typed_exception: False`.',
      why: 'Skipping to the next item on any error hides failures that matter for security: records that failed validation are silently dropped, a check that crashed counts as nothing, and a flood of errors from someone probing the service leaves no trace in the logs.',
      example: 'for upload in uploads:\n    try:\n        scan_for_malware(upload)\n    except Exception:\n        continue',
      safe: 'import logging\n\nlog = logging.getLogger(__name__)\n\nfor upload in uploads:\n    try:\n        scan_for_malware(upload)\n    except ScanTimeout:\n        log.warning("scan timed out for %s; quarantined", upload.name)\n        quarantine(upload)\n        continue',
      references: [
        'https://cwe.mitre.org/data/definitions/703.html',
        'https://bandit.readthedocs.io/en/latest/plugins/b112_try_except_continue.html',
        'https://docs.python.org/3/tutorial/errors.html#handling-exceptions',
      ],
    },
  },
  nodes: ['except_clause'],

  checkNode(clause, context) {
    const body = bodyStatements(clause);
    if (body.length !== 1 || body[0].type !== 'continue_statement') return;
    const caught = whatIsCaught(clause, context.model);
    if (!caught.broad) return;
    const what = caught.broad === 'everything' ? 'every exception' : `every \`${caught.broad}\``;
    context.report(clause, {
      message: `\`${describeHandler(caught)}: continue\` silently skips items on ${what}; catch specific ones, log skips.`,
    });
  },
});
