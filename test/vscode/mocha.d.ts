// The little of mocha that the VS Code end-to-end suite uses, so that the project needs no
// @types/mocha. A module, not globals: test/vscode/pyward.e2e.ts declares the TDD functions
// it uses locally, so nothing leaks into the other tests' (node:test) scope.
// mocha itself is installed by scripts/vscode-test/install.sh into .vscode-test/harness/.

export interface MochaContext {
  timeout(ms: number): void;
  /** Marks the test skipped (pending), e.g. when the launcher cannot drive the workbench. */
  skip(): never;
}
export type MochaBody = (this: MochaContext) => void | Promise<void>;
export type SuiteFunction = (title: string, body: (this: MochaContext) => void) => void;
export type TestFunction = (title: string, body: MochaBody) => void;
export type HookFunction = (body: MochaBody) => void;

export interface MochaRunner {
  stats?: { passes: number; failures: number; pending: number; tests: number };
  on(event: 'end', listener: () => void): MochaRunner;
}
export interface MochaInstance {
  addFile(file: string): MochaInstance;
  run(done: (failures: number) => void): MochaRunner;
}
export interface MochaConstructor {
  reporters?: { Base?: { consoleLog: (...args: unknown[]) => void } };
  new (options: { ui: 'tdd' | 'bdd'; timeout?: number; color?: boolean; reporter?: string }): MochaInstance;
}
