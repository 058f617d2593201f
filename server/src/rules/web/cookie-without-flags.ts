import { defineRule } from '../../engine/rule';
import type { CallSite } from '../../engine/sites';
import type { RuleContext } from '../../engine/rule';

/** The flags a session-worthy cookie needs; both default to off in Flask, Werkzeug, Django and Starlette. */
const FLAGS = ['secure', 'httponly'] as const;

export default defineRule({
  meta: {
    id: 'PW813',
    name: 'cookie-without-flags',
    title: 'Cookie set without the secure or httponly flag',
    category: 'web',
    // No Bandit or Ruff equivalent. Medium severity; medium confidence: `set_cookie` is matched by
    // its method name, and a cookie a script must read (a UI preference) needs no `httponly`.
    severity: 'medium',
    confidence: 'medium',
    cwe: 614,
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds `response.set_cookie(...)` (Flask, Werkzeug, Django, Starlette) called without `secure=True` or without `httponly=True`, or with either set to `False`. A flag given as a variable (a setting) is trusted; a call passing `**kwargs` is not reported.',
      why: 'Without `secure` the browser also sends the cookie over plain HTTP, where anyone on the network path (public Wi-Fi, a proxy) reads it; without `httponly` any script on the page — one injected through cross-site scripting included — reads it with `document.cookie`. A session cookie exposed either way lets the attacker act as the user.',
      example: 'response.set_cookie("session_id", session_id)',
      safe: 'response.set_cookie("session_id", session_id, secure=True, httponly=True, samesite="Lax")',
      references: [
        'https://cwe.mitre.org/data/definitions/614.html',
        'https://cwe.mitre.org/data/definitions/1004.html',
        'https://flask.palletsprojects.com/en/stable/security/#set-cookie-options',
        'https://docs.djangoproject.com/en/stable/ref/request-response/#django.http.HttpResponse.set_cookie',
      ],
    },
  },
  methods: ['set_cookie'],

  checkCall(call, context) {
    // A response's `set_cookie(key, value, …)`; a cookie jar's `set_cookie(cookie)` takes a Cookie object.
    if (call.hasStarKwargs || !call.argument(0, 'key') || !call.argument(1, 'value')) return;
    const missing = FLAGS.filter((flag) => isOff(call, flag, context));
    if (missing.length === 0) return;
    const named = missing.map((flag) => `\`${flag}=True\``).join(' and ');
    context.report(call.node, {
      message: `Cookie set without ${named}: it can leak over plain HTTP or to scripts on the page; pass ${missing.length > 1 ? 'both' : 'it'}.`,
    });
  },
});

/** Whether a flag is left out or set to a false constant. */
function isOff(call: CallSite, flag: string, context: RuleContext): boolean {
  const argument = call.keyword(flag);
  if (!argument) return true;
  const literal = context.model.literal(argument.value);
  return literal !== undefined && !literal.value;
}
