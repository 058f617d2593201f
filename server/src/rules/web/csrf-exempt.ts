import { defineRule } from '../../engine/rule';

export default defineRule({
  meta: {
    id: 'PW815',
    name: 'csrf-exempt',
    title: 'Django view exempted from CSRF protection',
    category: 'web',
    // No Bandit or Ruff equivalent. Low confidence: webhooks and token-authenticated APIs are
    // exempted on purpose; the finding asks the reviewer to confirm another check stands in.
    severity: 'medium',
    confidence: 'low',
    cwe: 352,
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds Django\'s `csrf_exempt` applied to a view, as a decorator (`@csrf_exempt`) or a call (`csrf_exempt(view)`).',
      why: 'Django\'s CSRF check is what stops another site from making a logged-in visitor\'s browser submit a form to this view — changing their e-mail, transferring money. An exempted view that relies on the session cookie can be driven by any page the user visits. Views that authenticate otherwise (a webhook signature, a bearer token) are safe to exempt; the others are not.',
      example: 'from django.views.decorators.csrf import csrf_exempt\n\n@csrf_exempt\ndef change_email(request):\n    request.user.email = request.POST["email"]\n    request.user.save()',
      safe: 'from django.views.decorators.http import require_POST\n\n@require_POST\ndef change_email(request):\n    request.user.email = request.POST["email"]\n    request.user.save()\n\n# Webhooks: keep csrf_exempt and verify the sender\'s signature first.',
      references: [
        'https://cwe.mitre.org/data/definitions/352.html',
        'https://docs.djangoproject.com/en/stable/ref/csrf/',
      ],
    },
  },
  references: ['django.views.decorators.csrf.csrf_exempt'],

  checkReference(reference, context) {
    const parent = reference.node.parent;
    const decorates = parent?.type === 'decorator';
    const wraps = parent?.type === 'call' && parent.childForFieldName('function')?.id === reference.node.id;
    if (!decorates && !wraps) return;
    context.report(decorates ? parent : parent!, {
      message: '`csrf_exempt` turns off CSRF protection, so other sites can post here as the user; remove it or authenticate otherwise.',
    });
  },
});
