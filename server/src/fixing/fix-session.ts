// Applying fixes to files in bulk (`pyward fix`): for each finding its one chosen fix, every
// non-conflicting one at once, then analysing the result again until nothing more applies.
// Files are changed in memory first (an overlay that the analysis of the next files and the
// projects' facts read), then written or shown as a diff by the caller.
import { Configuration, type UserSettings } from '../engine/config/configuration';
import { fileKindOf, type FileKind } from '../engine/file-kind';
import type { Finding } from '../engine/finding';
import type { Fix, TextEdit } from '../engine/fixer';
import { type GrammarName, loadGrammars, parseWith } from '../engine/grammars';
import { analyzeSource } from '../engine/index';
import { Projects } from '../project/project';
import { ALL_RULES } from '../rules/index';
import { readSourceText } from '../workspace/walk';
import { hasByteOrderMark, writeFileAtomically } from './atomic-write';
import { applyEdits, conflictsWithAny } from '../engine/text-edits';
import { preferredFix } from '../engine/fix-all';
import type { NewFindingsFilter } from '../baseline/apply';

/** Rounds of analyse-and-fix per file; a fix that keeps reappearing stops here. */
const MAX_ROUNDS = 10;

/** The grammar that must still parse a file of this kind after fixing (none for line formats). */
const GRAMMAR_OF: Partial<Record<FileKind, GrammarName>> = { python: 'python', workflow: 'yaml', action: 'yaml', pyproject: 'toml', pylock: 'toml', pipfile: 'toml' };

export interface FixOptions {
  /** Also apply unsafe fixes (they change behaviour) and fixes that edit other files (`--unsafe-fixes`). */
  unsafe: boolean;
  maxFileSize: number;
  /** The findings to fix among a file's (those not in its baseline); all of them without it. */
  newFindings?: NewFindingsFilter;
}

export interface AppliedFix {
  /** Absolute path of the file the finding was in. */
  path: string;
  ruleId: string;
  title: string;
}

export interface FileChange {
  path: string;
  /** Undefined for a file the fixes create (`.env`). */
  before: string | undefined;
  after: string;
}

export interface NotFixed {
  path: string;
  reason: string;
}

/**
 * The fix `pyward fix` applies for a finding: its preferred safe fix (as "Fix all" in the editor;
 * a safe alternative that is not preferred, like marking a password's MD5 as not for security,
 * needs a person); with `unsafe`, else its preferred or first fix of any applicability.
 */
export function chooseFix(finding: Finding, unsafe: boolean): Fix | undefined {
  const safe = preferredFix(finding);
  if (safe || !unsafe) return safe;
  const fixes = (finding.fixes ?? []).filter((fix) => fix.edits.length > 0 || (fix.otherFiles?.length ?? 0) > 0);
  return fixes.find((fix) => fix.preferred) ?? fixes[0];
}

interface OpenFile {
  before: string | undefined;
  current: string;
}

export class FixSession {
  readonly applied: AppliedFix[] = [];
  readonly notFixed: NotFixed[] = [];
  private readonly files = new Map<string, OpenFile>();
  private readonly projects: Projects;
  private readonly configuration: Configuration;

  constructor(
    boundaries: readonly string[],
    settings: UserSettings,
    private readonly options: FixOptions,
  ) {
    this.projects = new Projects(boundaries, (path) => this.files.get(path)?.current, options.maxFileSize);
    this.configuration = new Configuration(ALL_RULES, settings, boundaries, this.projects);
  }

  /** Fixes one file (and, with unsafe fixes, the files its fixes edit) in memory. */
  async fixFile(path: string): Promise<void> {
    const kind = fileKindOf(path) ?? 'python';
    // A notebook's fixes are offsets into its cells' program, not into the JSON on disk.
    if (kind === 'notebook') return;
    const setup = this.configuration.forFile(path);
    if (setup.excluded) return;
    const original = this.read(path);
    if (original === undefined) return;
    const grammar = GRAMMAR_OF[kind];
    if (grammar) await loadGrammars();
    if (grammar && parsesWithErrors(grammar, original)) {
      this.notFixed.push({ path, reason: 'it has syntax errors' });
      return;
    }
    const seen = new Set([original]);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const text = this.read(path)!;
      const analysed = await analyzeSource(text, kind, setup.registry, { file: setup.file, withFixes: true });
      // Baselined findings are left alone, in every round (a fingerprint follows its line's text).
      const findings = this.options.newFindings ? this.options.newFindings(path, text, analysed) : analysed;
      let chosen = this.nonConflicting(path, findings);
      if (grammar) chosen = this.keepingSyntax(path, text, chosen, grammar);
      if (chosen.length === 0) return;
      const next = applyEdits(text, chosen.flatMap(({ fix }) => fix.edits));
      // Fixes that undo each other: stop rather than go round.
      if (seen.has(next)) return;
      seen.add(next);
      this.update(path, next);
      for (const { finding, fix } of chosen) {
        for (const other of fix.otherFiles ?? []) this.update(other.path, applyEdits(this.read(other.path) ?? '', other.edits));
        this.applied.push({ path, ruleId: finding.ruleId, title: fix.title });
      }
    }
    this.notFixed.push({ path, reason: `fixes still applied after ${MAX_ROUNDS} rounds; stopped` });
  }

  /** Files whose text the fixes changed, with their text before and after. */
  changes(): FileChange[] {
    return [...this.files].filter(([, file]) => file.current !== file.before).map(([path, file]) => ({ path, before: file.before, after: file.current }));
  }

  /** Writes every changed file, each atomically; unchanged files are not touched. */
  write(): void {
    for (const change of this.changes()) writeFileAtomically(change.path, change.after, { byteOrderMark: change.before !== undefined && hasByteOrderMark(change.path) });
  }

  /** The chosen fixes of a round: in the findings' order, each kept unless it touches text an earlier one edits. */
  private nonConflicting(path: string, findings: readonly Finding[]): Array<{ finding: Finding; fix: Fix }> {
    const chosen: Array<{ finding: Finding; fix: Fix }> = [];
    const taken = new Map<string, TextEdit[]>([[path, []]]);
    for (const finding of findings) {
      const fix = chooseFix(finding, this.options.unsafe);
      if (!fix) continue;
      const edits = [{ path, edits: fix.edits }, ...(fix.otherFiles ?? [])];
      if (edits.some((file) => conflictsWithAny(file.edits, taken.get(file.path) ?? []))) continue;
      if (fix.otherFiles?.some((other) => other.path === path || (!other.create && this.read(other.path) === undefined))) continue;
      for (const file of edits) taken.set(file.path, [...(taken.get(file.path) ?? []), ...file.edits]);
      chosen.push({ finding, fix });
    }
    return chosen;
  }

  /**
   * The fixes whose result still parses. Each fix was tested by its rule, but not next to every
   * other: when the whole set breaks the syntax, each fix is tried alone and the ones that break
   * it on their own are reported and left out.
   */
  private keepingSyntax(path: string, text: string, chosen: Array<{ finding: Finding; fix: Fix }>, grammar: GrammarName): Array<{ finding: Finding; fix: Fix }> {
    if (!parsesWithErrors(grammar, applyEdits(text, chosen.flatMap(({ fix }) => fix.edits)))) return chosen;
    const good = chosen.filter(({ finding, fix }) => {
      const breaks = parsesWithErrors(grammar, applyEdits(text, fix.edits));
      if (breaks) this.notFixed.push({ path, reason: `the fix "${fix.title}" (${finding.ruleId}) would not parse; not applied` });
      return !breaks;
    });
    if (good.length <= 1 || !parsesWithErrors(grammar, applyEdits(text, good.flatMap(({ fix }) => fix.edits)))) return good;
    return good.slice(0, 1); // together they break it: one per round
  }

  private read(path: string): string | undefined {
    const open = this.files.get(path);
    if (open) return open.current;
    const read = readSourceText(path, this.options.maxFileSize);
    if (!('text' in read)) return undefined;
    this.files.set(path, { before: read.text, current: read.text });
    return read.text;
  }

  private update(path: string, text: string): void {
    const open = this.files.get(path);
    if (open) open.current = text;
    else this.files.set(path, { before: undefined, current: text });
    this.projects.changed(path);
  }
}

function parsesWithErrors(grammar: GrammarName, text: string): boolean {
  const tree = parseWith(grammar, text);
  try {
    return tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}
