// The status-bar item: Pyward's findings by severity, as the Problems panel shows them; clicking
// it audits the workspace. Until an audit ran, the counts are those of the open files, and the
// tooltip says so. In an untrusted workspace the tooltip says that the repository's own
// suppressions are not applied. Counting diagnostics is UI, not analysis.
import { type Disposable, DiagnosticSeverity, languages, StatusBarAlignment, type StatusBarItem, window } from 'vscode';

const SOURCE = 'pyward';
/** How a diagnostic the repository would have hidden begins (server/src/lsp/diagnostics.ts). */
const PROJECT_SUPPRESSED = "[Suppressed by this repository's configuration";

export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
  /** Of those, what the repository's configuration or comments would hide (untrusted workspace). */
  suppressedByProject: number;
}

export class FindingsStatusBar implements Disposable {
  private readonly item: StatusBarItem;
  private readonly listening: Disposable;
  private timer: NodeJS.Timeout | undefined;
  private hasAudited = false;
  counts: Counts = { errors: 0, warnings: 0, infos: 0, suppressedByProject: 0 };
  /** Which advisory data the dependency checks use and how old it is. */
  private advisoryNote = '';

  constructor(
    command: string,
    private untrusted: boolean,
  ) {
    this.item = window.createStatusBarItem('pyward.findings', StatusBarAlignment.Left, 50);
    this.item.name = 'Pyward findings';
    this.item.command = command;
    this.update();
    this.item.show();
    // Diagnostics arrive in bursts (an audit publishes hundreds of files): count once per burst.
    this.listening = languages.onDidChangeDiagnostics(() => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.update(), 100);
    });
  }

  get text(): string {
    return this.item.text;
  }

  get tooltip(): string {
    return typeof this.item.tooltip === 'string' ? this.item.tooltip : (this.item.tooltip?.value ?? '');
  }

  /** The workspace was audited: the counts now cover it. */
  audited(): void {
    this.hasAudited = true;
    this.update();
  }

  setUntrusted(untrusted: boolean): void {
    this.untrusted = untrusted;
    this.update();
  }

  update(): void {
    const counts: Counts = { errors: 0, warnings: 0, infos: 0, suppressedByProject: 0 };
    for (const [, diagnostics] of languages.getDiagnostics()) {
      for (const diagnostic of diagnostics) {
        if (diagnostic.source !== SOURCE) continue;
        if (diagnostic.severity === DiagnosticSeverity.Error) counts.errors++;
        else if (diagnostic.severity === DiagnosticSeverity.Warning) counts.warnings++;
        else counts.infos++;
        if (diagnostic.message.startsWith(PROJECT_SUPPRESSED)) counts.suppressedByProject++;
      }
    }
    this.counts = counts;
    this.item.text = `$(shield) $(error) ${counts.errors} $(warning) ${counts.warnings} $(info) ${counts.infos}${this.untrusted ? ' $(workspace-untrusted)' : ''}`;
    this.item.tooltip = tooltipText(counts, this.hasAudited, this.untrusted, this.advisoryNote);
  }

  setAdvisoryNote(note: string): void {
    this.advisoryNote = note;
    this.update();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.listening.dispose();
    this.item.dispose();
  }
}

export function tooltipText(counts: Counts, hasAudited: boolean, untrusted: boolean, advisoryNote = ''): string {
  const scope = hasAudited ? 'in the workspace' : 'in the open files (the workspace has not been audited yet)';
  const lines = [`Pyward: ${counts.errors} errors, ${counts.warnings} warnings, ${counts.infos} infos ${scope}.`];
  if (untrusted) {
    lines.push(
      `Untrusted workspace (Restricted Mode): the repository's own suppressions ([tool.pyward], [tool.bandit], # nosec, # noqa, # pyward: ignore) are not applied; ${counts.suppressedByProject} ${counts.suppressedByProject === 1 ? 'finding' : 'findings'} they would hide ${counts.suppressedByProject === 1 ? 'is' : 'are'} shown, marked.`,
    );
  }
  if (advisoryNote) lines.push(advisoryNote);
  lines.push(hasAudited ? 'Click to audit the workspace again.' : 'Click to audit the workspace.');
  return lines.join('\n');
}
