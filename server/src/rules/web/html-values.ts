// What a value handed to `mark_safe` / `Markup` is made of, and the rewrite of an f-string or
// `"…".format(…)` into a template plus arguments for `format_html` / `Markup(…).format(…)`.
import type { Node } from 'web-tree-sitter';
import type { RuleContext } from '../../engine/rule';
import { analyzeQuery, type BuiltQuery } from '../sql-injection/query-parts';

/** Calls whose result is already escaped or sanitized HTML, or a trusted translation. */
const ESCAPED_RESULTS = new Set([
  'django.utils.html.escape',
  'django.utils.html.conditional_escape',
  'django.utils.html.format_html',
  'django.utils.html.format_html_join',
  'django.utils.html.escapejs',
  'django.utils.html.json_script',
  'django.utils.html.urlize',
  'django.template.loader.render_to_string',
  'django.shortcuts.render_to_string',
  'html.escape',
  'markupsafe.escape',
  'markupsafe.Markup.escape',
  'flask.escape',
  'jinja2.escape',
  'flask.render_template',
  'bleach.clean',
  'bleach.linkify',
  'nh3.clean',
]);

/** gettext and friends: translations are written by the project, like literals. */
const TRANSLATION = /(^|\.)(_|u?gettext|ngettext|pgettext|npgettext|u?gettext_lazy|ngettext_lazy|pgettext_lazy|lazy_gettext|lazy_ngettext|lazy_pgettext)$/;

export type HtmlValue =
  /** Fixed text in the source (or built only from constants). */
  | { kind: 'constant' }
  /** Escaped, sanitized or translated by a known function. */
  | { kind: 'escaped' }
  /** Built here with `%`, `+`, `.format()` or an f-string from values known only at run time. */
  | { kind: 'built'; built: BuiltQuery }
  /** Anything else: a parameter, an attribute, a call result. */
  | { kind: 'opaque' };

export function classifyHtml(value: Node, context: RuleContext): HtmlValue {
  // A literal, or a name every branch of which assigns one (`label = "Yes" if … else "No"` written as an if).
  if (context.model.isConstant(value)) return { kind: 'constant' };
  const built = analyzeQuery(value, context);
  if (built) return built.dynamic.length === 0 ? { kind: 'constant' } : { kind: 'built', built };
  if (isEscapingCall(value, context)) return { kind: 'escaped' };
  if (value.type === 'identifier') {
    // `html = escape(text)` then `mark_safe(html)`.
    const assigned = context.model.assignedValue(value);
    if (assigned && isEscapingCall(assigned, context)) return { kind: 'escaped' };
  }
  return { kind: 'opaque' };
}

function isEscapingCall(node: Node, context: RuleContext): boolean {
  while (node.type === 'parenthesized_expression' && node.firstNamedChild) node = node.firstNamedChild;
  if (node.type !== 'call') return false;
  const fn = node.childForFieldName('function');
  if (!fn) return false;
  const name = context.model.resolve(fn);
  if (name !== undefined) return ESCAPED_RESULTS.has(name) || TRANSLATION.test(name);
  // `_` installed as a builtin by `gettext.install()`.
  return fn.type === 'identifier' && fn.text === '_';
}

/** A short rendering of the run-time values, for messages: `` `name`, `user.bio` ``. */
export function describeValues(built: BuiltQuery): string {
  const shown = built.dynamic.slice(0, 2).map((node) => `\`${short(node.text)}\``);
  return shown.join(', ') + (built.dynamic.length > 2 ? ', …' : '');
}

export function short(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 40 ? `${line.slice(0, 37)}…` : line;
}

export interface Template {
  /** A plain string literal with `{}` where the values went. */
  template: string;
  /** The values' source text, in order. */
  values: string[];
}

/**
 * `f"<b>{name}</b>"` → template `"<b>{}</b>"`, values `name`. Undefined unless every
 * interpolation is a plain expression (no `!r`, `:spec` or `=`), since those would format the
 * escaped value rather than the original.
 */
export function fStringTemplate(node: Node): Template | undefined {
  if (node.type !== 'string') return undefined;
  const start = node.child(0);
  const end = node.child(node.childCount - 1);
  if (start?.type !== 'string_start' || end?.type !== 'string_end') return undefined;
  const prefix = /^[a-zA-Z]*/.exec(start.text)![0];
  if (!/f/i.test(prefix)) return undefined;
  const quote = start.text.slice(prefix.length);
  const text = node.text;
  const base = node.startIndex;
  let body = '';
  let at = start.endIndex;
  const values: string[] = [];
  for (const child of node.namedChildren) {
    if (child?.type !== 'interpolation') continue;
    const expression = child.childForFieldName('expression');
    if (!expression || child.childForFieldName('type_conversion') || child.childForFieldName('format_specifier')) return undefined;
    if (child.text.slice(1, -1).trim() !== expression.text) return undefined;
    body += text.slice(at - base, child.startIndex - base) + '{}';
    values.push(expression.text);
    at = child.endIndex;
  }
  if (values.length === 0) return undefined;
  body += text.slice(at - base, end.startIndex - base);
  return { template: `${prefix.replace(/f/gi, '')}${quote}${body}${end.text}`, values };
}

/**
 * `"<b>{}</b>".format(name)` → template `"<b>{}</b>"`, values as written (keywords included).
 * Undefined unless the format string is a literal without interpolation and the arguments have
 * no `*`/`**` unpacking.
 */
export function formatCallTemplate(node: Node, context: RuleContext): Template | undefined {
  if (node.type !== 'call') return undefined;
  const fn = node.childForFieldName('function');
  if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'format') return undefined;
  const object = fn.childForFieldName('object');
  if (!object || (object.type !== 'string' && object.type !== 'concatenated_string')) return undefined;
  if (typeof context.model.literal(object)?.value !== 'string') return undefined;
  const list = node.childForFieldName('arguments');
  if (list?.type !== 'argument_list') return undefined;
  const values: string[] = [];
  for (const child of list.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'list_splat' || child.type === 'dictionary_splat') return undefined;
    values.push(child.text);
  }
  if (values.length === 0) return undefined;
  return { template: object.text, values };
}
