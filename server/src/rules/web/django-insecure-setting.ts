import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import type { RuleContext } from '../../engine/rule';
import type { TokenSite } from '../../engine/sites';
import { assignmentNamedBy, isDevelopmentSettingsPath, isDjangoSettings, moduleOf, topLevelAssignment } from './settings';

/** Cookie settings that must be true in production, and what their being false exposes. */
const MUST_BE_TRUE: Record<string, string> = {
  SESSION_COOKIE_SECURE: 'the session cookie also travels over plain HTTP',
  CSRF_COOKIE_SECURE: 'the CSRF cookie also travels over plain HTTP',
  SESSION_COOKIE_HTTPONLY: 'page scripts can read the session cookie',
};

export default defineRule({
  meta: {
    id: 'PW814',
    name: 'django-insecure-setting',
    title: 'Django settings that weaken cookies or host checks',
    category: 'web',
    // No Bandit or Ruff equivalent. Medium confidence: development settings modules are reported
    // with low confidence, and Django's own defaults module is not a project's settings.
    severity: 'medium',
    confidence: 'medium',
    cwe: 614,
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds, at the top level of a Django settings module, `SESSION_COOKIE_SECURE = False`, `CSRF_COOKIE_SECURE = False`, `SESSION_COOKIE_HTTPONLY = False` and an `ALLOWED_HOSTS` list or tuple containing `"*"`. Values read from the environment are not reported; modules named for development (`settings/dev.py`, `local_settings.py`) are reported with low confidence.',
      why: 'Cookies without `Secure` are sent over plain HTTP too, where anyone on the network path reads the session and takes over the account. `ALLOWED_HOSTS = ["*"]` makes Django trust any `Host` header, which attackers use to poison password-reset links and caches with their own domain.',
      example: '# mysite/settings.py\nSESSION_COOKIE_SECURE = False\nCSRF_COOKIE_SECURE = False\nALLOWED_HOSTS = ["*"]',
      safe: '# mysite/settings.py\nimport os\n\nSESSION_COOKIE_SECURE = True\nCSRF_COOKIE_SECURE = True\nALLOWED_HOSTS = os.environ["DJANGO_ALLOWED_HOSTS"].split(",")',
      references: [
        'https://cwe.mitre.org/data/definitions/614.html',
        'https://docs.djangoproject.com/en/stable/howto/deployment/checklist/',
        'https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts',
      ],
    },
  },
  tokens: [...Object.keys(MUST_BE_TRUE), 'ALLOWED_HOSTS'],

  checkToken(token: TokenSite, context: RuleContext) {
    const node = assignmentNamedBy(token);
    const assignment = node && topLevelAssignment(node);
    if (!node || !assignment) return;
    const name = assignment.name.text;
    const problem = name === 'ALLOWED_HOSTS' ? wildcardHost(assignment.value, context) : MUST_BE_TRUE[name];
    if (!problem || (name !== 'ALLOWED_HOSTS' && context.model.literal(assignment.value)?.value !== false)) return;
    // Django's own defaults (django/conf/global_settings.py) are not a project's settings.
    if (/(^|\/)global_settings\.py$/.test(context.file.path ?? '')) return;
    if (!isDjangoSettings(moduleOf(node), node, context)) return;
    const fix = name === 'ALLOWED_HOSTS' ? 'list the site\'s host names' : `set it to True`;
    context.report(node, {
      message: `\`${name}\`: ${problem}; ${fix}.`,
      confidence: isDevelopmentSettingsPath(context.file.path) ? 'low' : undefined,
    });
  },
});

/** "any Host header is trusted" when a list or tuple of hosts holds `"*"`. */
function wildcardHost(value: Node, context: RuleContext): string | undefined {
  if (value.type !== 'list' && value.type !== 'tuple') return undefined;
  const wildcard = value.namedChildren.some((item) => !!item && context.model.literal(item)?.value === '*');
  return wildcard ? 'any `Host` header is trusted (poisoned reset links)' : undefined;
}
