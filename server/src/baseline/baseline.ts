// Baselines: today's findings recorded by fingerprint, so that an existing codebase can adopt
// Pyward and see only what is new. A baseline file holds, per finding, its rule, file, message
// and fingerprint (a hash: no source text, see fingerprint.ts). A secret's message shows the
// first characters of its value; a baseline stores the rule's title in its place.
// Paths in it, and in the fingerprints, are relative to the baseline file's folder, so the file
// means the same whatever folder an audit starts from.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Finding } from '../engine/finding';
import type { AuditResult, FileResult } from '../workspace/audit';
import { describeError } from '../workspace/walk';
import { fingerprintsOf } from './fingerprint';
import { ALL_RULES } from '../rules/index';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  ruleId: string;
  /** From the baseline file's folder, with forward slashes. */
  path: string;
  fingerprint: string;
  message: string;
}

export type BaselineState = 'new' | 'unchanged';

/** A malformed or unreadable baseline file: a message for people. */
export class BaselineError extends Error {}

/** The text of a baseline file recording every finding of `result`, for a file at `baselinePath`. */
export function renderBaseline(result: AuditResult, baselinePath: string): string {
  const folder = dirname(resolve(baselinePath));
  const findings: BaselineEntry[] = [];
  for (const file of result.files) {
    const path = pathFrom(folder, file.path);
    const fingerprints = fingerprintsOf(file.findings, file.text, path);
    file.findings.forEach((finding, index) => findings.push({ ruleId: finding.ruleId, path, fingerprint: fingerprints[index], message: storedMessage(finding) }));
  }
  return JSON.stringify({ version: BASELINE_VERSION, tool: 'pyward', findings }, null, 2) + '\n';
}

const RULES = new Map(ALL_RULES.map((rule) => [rule.meta.id, rule.meta] as const));

/** The message a baseline keeps: the finding's, or for a secret its rule's title (the message shows part of the value). */
function storedMessage(finding: Finding): string {
  const meta = RULES.get(finding.ruleId);
  return meta?.category === 'secrets' ? meta.title : finding.message;
}

export class Baseline {
  private readonly known: Set<string>;

  private constructor(
    /** The baseline file's folder: paths are relative to it. */
    readonly folder: string,
    readonly entries: readonly BaselineEntry[],
  ) {
    this.known = new Set(entries.map((entry) => entry.fingerprint));
  }

  static read(path: string): Baseline {
    let document: unknown;
    try {
      document = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new BaselineError(`cannot read the baseline ${path}: ${error instanceof SyntaxError ? `not valid JSON (${error.message})` : describeError(error)}`);
    }
    const findings = (document as { findings?: unknown })?.findings;
    if ((document as { version?: unknown })?.version !== BASELINE_VERSION || !Array.isArray(findings) || !findings.every(isEntry)) {
      throw new BaselineError(`cannot read the baseline ${path}: not a Pyward baseline (version ${BASELINE_VERSION}); write one with --write-baseline`);
    }
    return new Baseline(dirname(resolve(path)), findings);
  }

  /** Each finding of a file as new or unchanged (in the baseline), in the file's order. */
  statesOf(file: Pick<FileResult, 'path' | 'text' | 'findings'>): BaselineState[] {
    const fingerprints = fingerprintsOf(file.findings, file.text, pathFrom(this.folder, file.path));
    return fingerprints.map((fingerprint) => (this.known.has(fingerprint) ? 'unchanged' : 'new'));
  }

  /** The findings of a file that the baseline does not have, in order. */
  newFindings<T extends Finding>(path: string, text: string, findings: readonly T[]): T[] {
    const states = this.statesOf({ path, text, findings: [...findings] });
    return findings.filter((_, index) => states[index] === 'new');
  }

  /** Compares an audit with the baseline. */
  compare(result: AuditResult): BaselineComparison {
    const states = new Map<Finding, BaselineState>();
    const seen = new Set<string>();
    const analysed = new Set<string>();
    for (const file of result.files) {
      const path = pathFrom(this.folder, file.path);
      analysed.add(path);
      const fingerprints = fingerprintsOf(file.findings, file.text, path);
      file.findings.forEach((finding, index) => {
        const known = this.known.has(fingerprints[index]);
        if (known) seen.add(fingerprints[index]);
        states.set(finding, known ? 'unchanged' : 'new');
      });
    }
    // Absent: baselined findings of files this audit analysed (or that are gone) that it did not find.
    const absent = this.entries.filter((entry) => {
      if (seen.has(entry.fingerprint)) return false;
      if (analysed.has(entry.path)) return true;
      const absolute = resolve(this.folder, entry.path);
      return isInside(absolute, result.root) && !existsSync(absolute);
    });
    return { states, absent };
  }
}

export interface BaselineComparison {
  states: ReadonlyMap<Finding, BaselineState>;
  /** Baselined findings no longer found, with paths from the baseline's folder. */
  absent: readonly BaselineEntry[];
}

function isEntry(value: unknown): value is BaselineEntry {
  const entry = value as Partial<BaselineEntry> | null;
  return typeof entry === 'object' && entry !== null && typeof entry.ruleId === 'string' && typeof entry.path === 'string' && typeof entry.fingerprint === 'string' && typeof entry.message === 'string';
}

/** `path` from `folder` with forward slashes (absolute, as given, when on another drive). */
export function pathFrom(folder: string, path: string): string {
  const fromFolder = relative(folder, path);
  return (isAbsolute(fromFolder) ? path : fromFolder).split(sep).join('/');
}

function isInside(path: string, folder: string): boolean {
  const fromFolder = relative(folder, path);
  return fromFolder !== '' && !fromFolder.startsWith('..') && !isAbsolute(fromFolder);
}
