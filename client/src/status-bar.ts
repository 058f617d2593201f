// The status-bar item: the workspace's Pyward findings by severity (as the Problems panel
// shows them); clicking it audits the workspace. Counting diagnostics is UI, not analysis.
import { type Disposable, DiagnosticSeverity, languages, StatusBarAlignment, type StatusBarItem, window } from 'vscode';

const SOURCE = 'pyward';

export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
}

export class FindingsStatusBar implements Disposable {
  private readonly item: StatusBarItem;
  private readonly listening: Disposable;
  private timer: NodeJS.Timeout | undefined;
  counts: Counts = { errors: 0, warnings: 0, infos: 0 };
  /** Which advisory data the dependency checks use and how old it is. */
  private advisoryNote = '';

  constructor(command: string) {
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

  update(): void {
    const counts: Counts = { errors: 0, warnings: 0, infos: 0 };
    for (const [, diagnostics] of languages.getDiagnostics()) {
      for (const diagnostic of diagnostics) {
        if (diagnostic.source !== SOURCE) continue;
        if (diagnostic.severity === DiagnosticSeverity.Error) counts.errors++;
        else if (diagnostic.severity === DiagnosticSeverity.Warning) counts.warnings++;
        else counts.infos++;
      }
    }
    this.counts = counts;
    this.item.text = `$(shield) $(error) ${counts.errors} $(warning) ${counts.warnings} $(info) ${counts.infos}`;
    this.item.tooltip = `Pyward: ${counts.errors} errors, ${counts.warnings} warnings, ${counts.infos} infos in the workspace. Click to audit the workspace.${this.advisoryNote ? `\n${this.advisoryNote}` : ''}`;
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
