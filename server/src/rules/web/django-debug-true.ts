import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import type { Level, RuleContext } from '../../engine/rule';
import { assignmentTrigger, isDevelopmentSettingsPath, isDjangoSettings, moduleOf, topLevelAssignment } from './settings';

const CONFIGURE = 'django.conf.settings.configure';

export default defineRule({
  meta: {
    id: 'PW809',
    name: 'django-debug-true',
    title: 'Django settings with DEBUG = True',
    category: 'web',
    // No Bandit or Ruff equivalent. Medium: DEBUG pages disclose information (settings, source,
    // SQL, local variables) rather than run code. Medium confidence: a settings module may be
    // meant for development only; files named dev/local/test are reported with low confidence.
    severity: 'medium',
    confidence: 'medium',
    cwe: 489,
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds `DEBUG = True` at the top level of a Django settings module (`settings.py`, `*_settings.py`, a module in a `settings/` package, or one that sets `INSTALLED_APPS` or `ROOT_URLCONF`) and `settings.configure(DEBUG=True)`. A value read from the environment (`DEBUG = env.bool("DEBUG")`) is not reported; modules named for development (`settings/dev.py`, `local_settings.py`) are reported with low confidence.',
      why: 'With `DEBUG = True` every unhandled error returns a page with the full traceback, the local variables of each frame, the request, and most settings; a 404 lists every URL pattern. Attackers use this to read source, database and API details, and whatever secrets the variables hold; Django also keeps every SQL query in memory. A settings file that says `True` is one missed override away from production.',
      example: '# mysite/settings.py\nDEBUG = True\nALLOWED_HOSTS = ["*"]',
      safe: '# mysite/settings.py\nimport os\n\nDEBUG = os.environ.get("DJANGO_DEBUG") == "1"\nALLOWED_HOSTS = os.environ["DJANGO_ALLOWED_HOSTS"].split(",")',
      references: [
        'https://cwe.mitre.org/data/definitions/489.html',
        'https://cwe.mitre.org/data/definitions/215.html',
        'https://docs.djangoproject.com/en/stable/ref/settings/#debug',
        'https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#debug',
      ],
    },
  },
  // Triggered by the name's text: only assignments to DEBUG are looked at, not every assignment.
  // Whether the module is a settings module (its other top-level assignments).
  reads: ['module'],
  ...assignmentTrigger('DEBUG'),
  calls: [CONFIGURE],

  checkNode(node, context) {
    const assignment = topLevelAssignment(node);
    if (!assignment || assignment.name.text !== 'DEBUG') return;
    if (context.model.literal(assignment.value)?.value !== true) return;
    if (!isDjangoSettings(moduleOf(node), node, context)) return;
    report(node, context);
  },

  checkCall(call, context) {
    const debug = call.keyword('DEBUG');
    if (!debug || context.model.literal(debug.value)?.value !== true) return;
    report(debug.node, context, `\`${call.callee.text}(…, ${debug.node.text})\``);
  },
});

function report(node: Node, context: RuleContext, written = `\`${node.text}\``): void {
  const confidence: Level | undefined = isDevelopmentSettingsPath(context.file.path) ? 'low' : undefined;
  context.report(node, {
    message: `${written} : error pages would show tracebacks, settings and SQL; read it from the environment.`,
    confidence,
  });
}
