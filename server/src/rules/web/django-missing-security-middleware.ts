import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import type { Fix, Fixer, TextEdit } from '../../engine/fixer';
import type { RuleContext } from '../../engine/rule';
import { assignmentTrigger, isDjangoSettings, moduleOf, topLevelAssignment } from './settings';

const CONFIGURE = 'django.conf.settings.configure';
const CSRF = 'django.middleware.csrf.CsrfViewMiddleware';
const XFRAME = 'django.middleware.clickjacking.XFrameOptionsMiddleware';
const SESSION = 'django.contrib.sessions.middleware.SessionMiddleware';
const COMMON = 'django.middleware.common.CommonMiddleware';
const AUTHENTICATION = 'django.contrib.auth.middleware.AuthenticationMiddleware';

interface Entry {
  node: Node;
  value: string;
}

export default defineRule({
  meta: {
    id: 'PW810',
    name: 'django-missing-security-middleware',
    title: 'Django MIDDLEWARE without CSRF or clickjacking protection',
    category: 'web',
    // No Bandit or Ruff equivalent. Medium/medium: the protection is missing for certain when the
    // list is literal, but some projects (pure token-authenticated APIs) leave CSRF out on purpose.
    // CWE-352 (CSRF); the clickjacking half is CWE-1021.
    severity: 'medium',
    confidence: 'medium',
    cwe: 352,
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds a literal `MIDDLEWARE = [...]` in a Django settings module (or `settings.configure(MIDDLEWARE=[...])`) that lacks `django.middleware.csrf.CsrfViewMiddleware` or `django.middleware.clickjacking.XFrameOptionsMiddleware`, one finding for each. Empty lists, lists built from other lists and lists changed later in the module are not reported.',
      why: 'Without `CsrfViewMiddleware` Django accepts a POST from any origin: a page on another site can make a logged-in user\'s browser change their e-mail address, transfer money or delete data (cross-site request forgery). Without `XFrameOptionsMiddleware` no `X-Frame-Options` header is sent, so another site can load your pages in an invisible frame and trick users into clicking buttons on them (clickjacking).',
      example: 'MIDDLEWARE = [\n    "django.middleware.security.SecurityMiddleware",\n    "django.contrib.sessions.middleware.SessionMiddleware",\n    "django.middleware.common.CommonMiddleware",\n    "django.contrib.auth.middleware.AuthenticationMiddleware",\n]',
      safe: 'MIDDLEWARE = [\n    "django.middleware.security.SecurityMiddleware",\n    "django.contrib.sessions.middleware.SessionMiddleware",\n    "django.middleware.common.CommonMiddleware",\n    "django.middleware.csrf.CsrfViewMiddleware",\n    "django.contrib.auth.middleware.AuthenticationMiddleware",\n    "django.middleware.clickjacking.XFrameOptionsMiddleware",\n]',
      references: [
        'https://cwe.mitre.org/data/definitions/352.html',
        'https://cwe.mitre.org/data/definitions/1021.html',
        'https://docs.djangoproject.com/en/stable/ref/csrf/',
        'https://docs.djangoproject.com/en/stable/ref/clickjacking/',
        'https://docs.djangoproject.com/en/stable/ref/middleware/#middleware-ordering',
      ],
    },
  },
  // Triggered by the name's text: only assignments to MIDDLEWARE are looked at, not every assignment.
  // Whether `MIDDLEWARE` is changed anywhere else in the module, and whether it is a settings module.
  reads: ['module'],
  ...assignmentTrigger('MIDDLEWARE'),
  calls: [CONFIGURE],

  checkNode(node, context) {
    const assignment = topLevelAssignment(node);
    if (!assignment || assignment.name.text !== 'MIDDLEWARE') return;
    const entries = literalEntries(assignment.value, context);
    // An empty list is Django's own default (global_settings) or a project without middleware at
    // all, not a curated list that dropped the protection.
    if (!entries || entries.length === 0) return;
    const root = moduleOf(node);
    context.model.lookup('MIDDLEWARE', node);
    if (changedElsewhere(root, assignment.name)) return;
    if (!entries.some((e) => e.value.startsWith('django.')) && !isDjangoSettings(root, node, context)) return;
    check(node, assignment.value, entries, context);
  },

  checkCall(call, context) {
    const middleware = call.keyword('MIDDLEWARE');
    if (!middleware) return;
    const entries = literalEntries(middleware.value, context);
    if (entries && entries.length > 0) check(middleware.node, middleware.value, entries, context);
  },
});

/**
 * One finding for the list, even when both entries are missing: findings of one rule on one line
 * are merged, so a second one would hide until the first was fixed. Each fix adds one entry.
 */
function check(reportOn: Node, list: Node, entries: Entry[], context: RuleContext): void {
  const present = new Set(entries.map((e) => e.value));
  const csrf = !present.has(CSRF);
  const xframe = !present.has(XFRAME);
  if (!csrf && !xframe) return;
  const message = csrf && xframe
    ? '`MIDDLEWARE` lacks `CsrfViewMiddleware` and `XFrameOptionsMiddleware` (CSRF, clickjacking); add both.'
    : csrf
      ? '`MIDDLEWARE` lacks `CsrfViewMiddleware`: any site can post forms as the user (CSRF); add it.'
      : '`MIDDLEWARE` lacks `XFrameOptionsMiddleware`: other sites can frame your pages (clickjacking); add it.';
  context.report(reportOn, {
    message,
    fix: (fixer) => [
      ...(csrf ? [fixer.unsafe('Add CsrfViewMiddleware to MIDDLEWARE', 'posts without a CSRF token get 403', insertEntry(list, entries, CSRF, csrfPlace(entries), fixer))] : []),
      ...(xframe ? [fixer.unsafe('Add XFrameOptionsMiddleware to MIDDLEWARE', 'pages can no longer be framed by other sites', insertEntry(list, entries, XFRAME, { after: entries[entries.length - 1] }, fixer))] : []),
    ],
  });
}

/** The list's entries when it is a list or tuple of string literals only. */
function literalEntries(value: Node, context: RuleContext): Entry[] | undefined {
  if (value.type !== 'list' && value.type !== 'tuple') return undefined;
  const entries: Entry[] = [];
  for (const child of value.namedChildren) {
    if (!child || child.type === 'comment') continue;
    const literal = child.type === 'string' ? context.model.literal(child)?.value : undefined;
    if (typeof literal !== 'string') return undefined;
    entries.push({ node: child, value: literal });
  }
  return entries;
}

/** Whether `MIDDLEWARE` is assigned again, extended or changed by a method call anywhere in the module. */
function changedElsewhere(root: Node, name: Node): boolean {
  for (const identifier of root.descendantsOfType('identifier')) {
    if (!identifier || identifier.text !== 'MIDDLEWARE' || identifier.startIndex === name.startIndex) continue;
    const parent = identifier.parent;
    if (!parent) continue;
    if ((parent.type === 'assignment' || parent.type === 'augmented_assignment') && parent.childForFieldName('left')?.id === identifier.id) return true;
    if (parent.type === 'attribute' && parent.childForFieldName('object')?.id === identifier.id && parent.parent?.type === 'call') return true;
  }
  return false;
}

/** Django's order: after CommonMiddleware (or SessionMiddleware), else before AuthenticationMiddleware, else last. */
function csrfPlace(entries: Entry[]): { after?: Entry; before?: Entry } {
  const common = entries.find((e) => e.value === COMMON);
  if (common) return { after: common };
  const session = entries.find((e) => e.value === SESSION);
  if (session) return { after: session };
  const authentication = entries.find((e) => e.value === AUTHENTICATION);
  if (authentication) return { before: authentication };
  return { after: entries[entries.length - 1] };
}

/**
 * Inserts `"value"` after or before an entry, in the list's own layout: on a line of its own with
 * the same indentation in a list written one entry per line, after `, ` in a one-line list; with
 * the quotes of the existing entries.
 */
function insertEntry(list: Node, entries: Entry[], value: string, place: { after?: Entry; before?: Entry }, fixer: Fixer): TextEdit[] {
  const text = list.tree.rootNode.text;
  const first = entries[0];
  const quote = first ? /['"]/.exec(first.node.text)?.[0] ?? '"' : '"';
  const literal = `${quote}${value}${quote}`;
  if (!first) return [fixer.replaceRange(list.startIndex + 1, list.endIndex - 1, literal)];
  const multiline = entries.length > 1 ? lineOf(text, entries[0].node.startIndex) !== lineOf(text, entries[1].node.startIndex) : lineOf(text, first.node.startIndex) !== lineOf(text, list.startIndex);
  if (place.before) {
    const anchor = place.before.node;
    const separator = multiline ? `\n${fixer.lineIndent(anchor.startIndex)}` : ' ';
    return [fixer.insertBefore(anchor, `${literal},${separator}`)];
  }
  const anchor = place.after!.node;
  const rest = text.slice(anchor.endIndex, list.endIndex - 1);
  const comma = /^\s*,/.exec(rest);
  if (!multiline) return [fixer.insertAfter(anchor, `, ${literal}`)];
  const indent = fixer.lineIndent(anchor.startIndex);
  // The end of the anchor's line, after its comma and any comment.
  const lineEnd = text.indexOf('\n', anchor.endIndex);
  const at = lineEnd === -1 || lineEnd > list.endIndex - 1 ? list.endIndex - 1 : lineEnd;
  if (comma) return [fixer.replaceRange(at, at, `\n${indent}${literal},`)];
  // The last entry had no trailing comma: give it one, and the new entry none, as before.
  if (at === anchor.endIndex) return [fixer.insertAfter(anchor, `,\n${indent}${literal}`)];
  return [fixer.insertAfter(anchor, ','), fixer.replaceRange(at, at, `\n${indent}${literal}`)];
}

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
