// The project's flow settings, read from one place: `[tool.pyward]` `sources`, `sinks`,
// `sanitizers` (qualified names) and `flow-environment` (treat `os.environ` as a source).
import type { FlowModel, SinkKind } from './spec';

export interface FlowConfig {
  /** `os.environ` and `os.getenv` as low-trust sources (off by default). */
  environment?: boolean;
  /** The project's own sources, sinks and sanitizers. */
  model?: FlowModel;
}

/** A sink named in the configuration: `"mypkg.db.run_sql"` (SQL) or `{ name, kind }`. */
const RULE_OF_KIND: Partial<Record<SinkKind, string>> = {
  sql: 'PW401',
  shell: 'PW302',
  code: 'PW202',
  ssrf: 'PWT001',
  path: 'PWT002',
  redirect: 'PWT003',
  xss: 'PWT004',
  ldap: 'PWT005',
  regex: 'PWT006',
  header: 'PWT007',
  log: 'PWT008',
};

export const SINK_KINDS = Object.keys(RULE_OF_KIND) as SinkKind[];

/**
 * Builds the project's model from its settings: sources are qualified names of references or
 * calls whose value is untrusted; sinks `kind:qualified.name` (first argument); sanitizers
 * qualified names of calls whose result is safe for every sink.
 */
export function flowConfigFrom(settings: { sources?: readonly string[]; sinks?: readonly string[]; sanitizers?: readonly string[]; environment?: boolean }): FlowConfig | undefined {
  const { sources = [], sinks = [], sanitizers = [], environment } = settings;
  if (sources.length === 0 && sinks.length === 0 && sanitizers.length === 0 && !environment) return undefined;
  const model: FlowModel = {
    name: 'project',
    sources: sources.length > 0 ? [{ references: sources, calls: sources, trust: 'remote' }] : [],
    sinks: sinks.flatMap((entry) => {
      const [kind, name] = entry.includes(':') ? (entry.split(':', 2) as [SinkKind, string]) : (['sql', entry] as [SinkKind, string]);
      const rule = RULE_OF_KIND[kind];
      return rule ? [{ rule, kind, calls: [name], arguments: [[0, '']] as const }] : [];
    }),
    sanitizers: sanitizers.length > 0 ? [{ calls: sanitizers }] : [],
  };
  return { environment, model };
}
