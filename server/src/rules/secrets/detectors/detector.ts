// One secret format, one rule that finds it everywhere: in Python string literals and comments
// (a token-triggered Python rule: the engine finds the format's keywords, the rule matches the
// format at each) and in the project's other files (a file rule over configuration, manifests,
// workflows and notebooks). `defineSecretDetector` builds both sides from the format, so that
// each provider's file holds only its metadata, documentation, pattern and structural check.
import type { Node } from 'web-tree-sitter';
import type { FileKind } from '../../../engine/file-kind';
import type { FileRule, FileRuleContext } from '../../../engine/file-rule';
import type { Fix, Fixer } from '../../../engine/fixer';
import type { Level, Rule, RuleContext, RuleMeta } from '../../../engine/rule';
import type { TokenSite } from '../../../engine/sites';
import { environmentName, maskSecret } from '../secret-names';
import { environmentFixes, gitIgnores, requireVariableFix } from './environment-fix';
import { hasSampleMarker } from './placeholders';
import { shannonEntropy } from './encoding';
import { holderOf, isBytesLiteral, literalValue, placeOf } from './python-literal';

/** A secret found in a text: the range reported (the secret itself, nothing around it). */
export interface SecretMatch {
  start: number;
  end: number;
  /** What it is, for the message: "GitHub personal access token". */
  kind: string;
  severity?: Level;
  confidence?: Level;
}

/** One shape of secret: the literal keywords every occurrence contains, and how to match it at one. */
export interface SecretFormat {
  readonly keywords: readonly string[];
  /** The secret whose keyword occurrence starts at `at`, if the text there is one. */
  find(text: string, at: number, keyword: string): SecretMatch | undefined;
  /**
   * How far before and after its keyword `find` may read, for formats that read beyond the
   * line holding it (a PEM block spans lines, and broken code splits it into statements).
   */
  readonly readsAround?: { before: number; after: number };
}

export interface RegexFormatOptions {
  kind: string;
  keywords: readonly string[];
  /**
   * The format, matched where it starts (sticky): every quantifier bounded and no nested
   * quantifiers over overlapping classes, so that matching is linear in the match's length. A
   * group named `secret` is the range reported; the whole match otherwise.
   */
  pattern: RegExp;
  /** Where a match starts, from the keyword's offset; the keyword's own offset by default. */
  start?(text: string, at: number): number;
  /** Characters that may not come right before the match (it would be the tail of a longer word). */
  notAfter?: RegExp;
  /** The structural check (checksum, decoding); may refine the match's kind or severity. */
  validate?(secret: string, context: { text: string; start: number; matchStart: number }): boolean | Partial<SecretMatch>;
  /** Values that say they are samples (`EXAMPLE`, `xxxxx`, `dummy`) are skipped unless this is false. */
  skipSamples?: boolean;
}

const WORD_CHARACTER = /[A-Za-z0-9_]/;

/** A format matched by a sticky regular expression at (or just before) each keyword. */
export function regexFormat(options: RegexFormatOptions): SecretFormat {
  const sticky = new RegExp(options.pattern.source, `${options.pattern.flags.replace(/[gyd]/g, '')}yd`);
  const notAfter = options.notAfter ?? WORD_CHARACTER;
  return {
    keywords: options.keywords,
    find(text, at) {
      const start = options.start ? options.start(text, at) : at;
      if (start < 0 || (start > 0 && notAfter.test(text[start - 1]))) return undefined;
      sticky.lastIndex = start;
      const match = sticky.exec(text);
      if (!match?.indices) return undefined;
      const [from, to] = match.indices.groups?.secret ?? match.indices[0]!;
      const secret = text.slice(from, to);
      if (options.skipSamples !== false && hasSampleMarker(secret)) return undefined;
      const verdict = options.validate ? options.validate(secret, { text, start: from, matchStart: start }) : true;
      if (verdict === false) return undefined;
      return { start: from, end: to, kind: options.kind, ...(verdict === true ? {} : verdict) };
    },
  };
}

/** Walks back from `at` over characters of a class, at most `limit` of them: where a match starts. */
export function backOver(characters: RegExp, limit: number): (text: string, at: number) => number {
  return (text, at) => {
    let start = at;
    while (start > 0 && at - start < limit && characters.test(text[start - 1])) start--;
    return start;
  };
}

/** Every secret of these formats in a text, once each, in order. Linear: each keyword occurrence is matched once, within a bounded length. */
export function scanFormats(formats: readonly SecretFormat[], text: string): SecretMatch[] {
  const found = new Map<string, SecretMatch>();
  for (const format of formats) {
    for (const keyword of format.keywords) {
      for (let at = text.indexOf(keyword); at !== -1; at = text.indexOf(keyword, at + keyword.length)) {
        const match = format.find(text, at, keyword);
        if (match) found.set(`${match.start}:${match.end}`, match);
      }
    }
  }
  return [...found.values()].sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The kinds of file other than Python where secrets are looked for. */
export const SECRET_FILE_KINDS: readonly FileKind[] = ['config', 'requirements', 'pyproject', 'pylock', 'setup-cfg', 'pipfile', 'workflow', 'action', 'notebook'];

export interface SecretDetectorSpec {
  /** Category `secrets` and CWE-798 are the detectors' own; give the rest. */
  meta: Omit<RuleMeta, 'category' | 'cwe' | 'fixable'>;
  formats: readonly SecretFormat[];
  /** The environment variable a literal becomes when no name says better: `GITHUB_TOKEN`. */
  environmentName: string;
  /** How to revoke it, for the message: "revoke it in GitHub's token settings". */
  revoke: string;
  /**
   * The fix replaces the whole literal even when it holds more than the secret (a connection
   * string or URL moves to the environment as a whole); otherwise only a literal that is exactly
   * the secret is replaced.
   */
  replacesLiteral?: boolean;
}

export type SecretDetector = Rule &
  FileRule & {
    readonly formats: readonly SecretFormat[];
    /** Every secret of the detector's formats in a text. */
    scan(text: string): SecretMatch[];
  };

export const REVOKE_REMINDER = 'a leaked secret must be revoked or rotated, not only removed: it stays in the repository\'s history and every copy of it';

export function defineSecretDetector(spec: SecretDetectorSpec): SecretDetector {
  const keywords = [...new Set(spec.formats.flatMap((format) => format.keywords))];
  return {
    meta: { ...spec.meta, category: 'secrets', cwe: 798, fixable: true, fixApplicability: ['unsafe'] },
    formats: spec.formats,
    tokens: keywords,
    kinds: SECRET_FILE_KINDS,
    scan: (text) => scanFormats(spec.formats, text),
    checkToken(token, context) {
      checkPythonToken(spec, token, context);
    },
    check(context) {
      checkFile(spec, context);
    },
  };
}

function checkPythonToken(spec: SecretDetectorSpec, token: TokenSite, context: RuleContext): void {
  const root = token.node.tree.rootNode;
  const base = root.startIndex;
  const source = root.text;
  for (const format of spec.formats) {
    if (!format.keywords.includes(token.token)) continue;
    if (format.readsAround) context.readText(token.start - format.readsAround.before, token.start + token.token.length + format.readsAround.after);
    const match = format.find(source, token.start - base, token.token);
    if (!match) continue;
    const start = match.start + base;
    const end = match.end + base;
    const holder = holderOf(root, start, end);
    if (!holder) continue;
    const secret = source.slice(match.start, match.end);
    const found = `${article(match.kind)} ${match.kind} (\`${maskSecret(secret)}\`)`;
    // The finding covers the secret only, not the literal or comment around it.
    if (holder.kind === 'comment') {
      context.reportRange(start, end, {
        message: `This comment holds ${found}: anyone who can read the code can use it. Remove it, and ${spec.revoke}: ${REVOKE_REMINDER}.`,
        severity: match.severity,
        confidence: match.confidence,
      });
      continue;
    }
    const place = placeOf(holder.literal, context);
    const subject = place.name ? `\`${place.name}\` holds` : 'This string holds';
    const variable = place.name ? environmentName(place.name) : spec.environmentName;
    context.reportRange(start, end, {
      message: `${subject} ${found}: anyone who can read the code, its history or a package of it can use it. Read it from the environment (\`os.environ["${variable}"]\`) or a secret store, and ${spec.revoke}: ${REVOKE_REMINDER}.`,
      severity: match.severity,
      confidence: match.confidence,
      fix: (fixer) => pythonFixes(spec, holder.literal, secret, variable, place, context, fixer),
    });
  }
}

function pythonFixes(spec: SecretDetectorSpec, literal: Node, secret: string, variable: string, place: ReturnType<typeof placeOf>, context: RuleContext, fixer: Fixer): Fix[] {
  if (place.setsEnvironment) return [];
  const value = literalValue(literal);
  if (value === undefined || (!spec.replacesLiteral && value.trim() !== secret)) return [];
  if (place.environmentFallback) return requireVariableFix(place.environmentFallback.call, place.environmentFallback.variable, context, fixer);
  return environmentFixes({ literal, variable, value, optional: place.optional, bytes: isBytesLiteral(literal) }, context, fixer);
}

function checkFile(spec: SecretDetectorSpec, context: FileRuleContext): void {
  const where = fileWhere(context);
  if (where === undefined) return;
  const matches = context.memo(`secrets:${spec.meta.id}`, () => scanFormats(spec.formats, context.text));
  for (const match of matches) {
    const secret = context.text.slice(match.start, match.end);
    context.report(match.start, match.end, {
      message: `${where} holds ${article(match.kind)} ${match.kind} (\`${maskSecret(secret)}\`): anyone who can read the repository can use it. Keep it in an environment variable, a git-ignored \`.env\` or a secret store, and ${spec.revoke}: ${REVOKE_REMINDER}.`,
      severity: match.severity,
      confidence: match.confidence,
    });
  }
}

/**
 * How a file rule's message names the file, or undefined when secrets belong there: a `.env`
 * file that git ignores is where the "Move to .env" fix puts them.
 */
export function fileWhere(context: FileRuleContext): string | undefined {
  const path = context.file.path;
  const name = path?.split('/').pop() ?? '';
  if (!isDotenvName(name)) return context.kind === 'notebook' ? 'This notebook' : 'This file';
  if (path && context.project.root && gitIgnores(context.project, path)) return undefined;
  return `This \`${name}\` file, which \`.gitignore\` does not ignore,`;
}

export function isDotenvName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === '.env' || lower.startsWith('.env.') || lower.endsWith('.env');
}

function article(kind: string): string {
  return /^[AEIOU]/i.test(kind) && !/^(?:URL|user)/i.test(kind) ? 'an' : 'a';
}

export const CWE_798 = 'https://cwe.mitre.org/data/definitions/798.html';

/** Whether a value mixes character classes and is random-looking enough to be a generated token. */
export function looksRandom(value: string, minimumEntropy = 3): boolean {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((c) => c.test(value)).length;
  return classes >= 2 && shannonEntropy(value) >= minimumEntropy;
}
