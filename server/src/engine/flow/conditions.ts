// The conditions some sinks add to their call: a subprocess is a shell sink only with
// `shell=True`, `yaml.load` only with an unsafe loader, `jwt.decode` only without verification.
import type { SemanticModel } from '../semantic/model';
import type { CallSite } from '../sites';
import type { SinkCondition } from './spec';

export function sinkApplies(condition: SinkCondition | undefined, call: CallSite, model: SemanticModel): boolean {
  switch (condition) {
    case undefined:
      return true;
    case 'shell-true':
      return usesShell(call, model);
    case 'no-shell':
      return !usesShell(call, model);
    case 'unsafe-yaml-loader': {
      const loader = call.argument(1, 'Loader');
      if (!loader) return true;
      const name = model.resolve(loader.value) ?? loader.value.text;
      return !/(^|\.)(Safe|CSafe|Base)Loader$/.test(name);
    }
    case 'torch-unsafe': {
      const weightsOnly = call.keyword('weights_only');
      return !weightsOnly || model.literal(weightsOnly.value)?.value !== true;
    }
    case 'jwt-unverified':
      return jwtUnverified(call, model);
    case 'html-content': {
      if (downloadedAsAttachment(call)) return false;
      // A response declared as plain text, JSON or CSV is not parsed as HTML by browsers.
      const type = call.keyword('content_type') ?? call.keyword('mimetype') ?? call.keyword('media_type');
      if (!type) return true;
      const value = model.literal(type.value)?.value;
      // `'text/plain; charset=%s' % charset`: the type is fixed even when the charset is not.
      const text = typeof value === 'string' ? value : /^[a-z]*["']([^"'%{]*)/i.exec(type.value.text)?.[1];
      return text === undefined || !/^\s*(text\/(plain|csv|javascript|(x-)?yaml)|application\/(json|octet-stream|pdf|(x-)?javascript|(x-)?yaml))/i.test(text);
    }
  }
}

/**
 * `response = HttpResponse(…)` followed, in the same block, by `response["Content-Disposition"] =
 * "attachment…"`: the browser saves the body as a file instead of rendering it.
 */
function downloadedAsAttachment(call: CallSite): boolean {
  const assignment = call.node.parent;
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('right')?.id !== call.node.id) return false;
  const target = assignment.childForFieldName('left');
  const statement = assignment.parent;
  const block = statement?.parent;
  if (target?.type !== 'identifier' || statement?.type !== 'expression_statement' || !block) return false;
  const after = block.text.slice(statement.endIndex - block.startIndex);
  const name = target.text;
  return new RegExp(`(^|\\n)[ \\t]*${name}\\[\\s*["']Content-Disposition["']\\s*\\]\\s*=\\s*\\(?\\s*[rbf]?["']attachment`, 'i').test(after);
}

function usesShell(call: CallSite, model: SemanticModel): boolean {
  const shell = call.keyword('shell');
  if (!shell) return false;
  const value = model.literal(shell.value);
  return value === undefined ? true : Boolean(value.value);
}

/** `verify=False`, `options={"verify_signature": False}`, or no algorithms at all (PyJWT 1). */
function jwtUnverified(call: CallSite, model: SemanticModel): boolean {
  const verify = call.keyword('verify');
  if (verify && model.literal(verify.value)?.value === false) return true;
  const options = call.keyword('options');
  if (options && /["']verify_signature["']\s*:\s*False/.test(options.value.text)) return true;
  return false;
}
