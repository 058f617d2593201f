// Django view parameters that the URL cannot set. A view gets the URL pattern's captures
// (`<slug:target>`, `(?P<year>[0-9]{4})`) and the URLconf's extra keyword arguments
// (`path("rpc/", handler, {"help_view": "api_help"})`): the first are input, the second are
// the project's configuration. A parameter named by no capture of any URLconf of the project is
// the latter, unless some pattern captures without names (its groups arrive by position).
import type { ProjectContext } from '../project';
import { djangoUrlConfs } from '../../project/first-party';
import type { FlowInputs } from './project-flow';

export interface UrlCaptures {
  /** The names every URLconf of the project captures. */
  names: ReadonlySet<string>;
  /** A signature of `names` (a change analyses the views again). */
  key: string;
}

interface Read {
  text: string;
  names: string[];
  positional: boolean;
}

const reads = new Map<string, Read>();

/**
 * The captures of the project's URLconfs, each read recorded in `inputs` (an edit to one
 * analyses the views again); undefined without URLconfs, or with one that captures by position.
 */
export function urlCaptures(project: ProjectContext | undefined, inputs: FlowInputs): UrlCaptures | undefined {
  if (!project?.root) return undefined;
  const paths = djangoUrlConfs(project);
  if (paths.length === 0) return undefined;
  const names = new Set<string>();
  for (const path of paths) {
    const text = project.readText(path);
    if (text === undefined) continue;
    inputs.set(path, text);
    let read = reads.get(path);
    if (read?.text !== text) {
      read = { text, ...capturesIn(text) };
      reads.set(path, read);
    }
    if (read.positional) return undefined;
    for (const name of read.names) names.add(name);
  }
  return { names, key: [...names].sort().join(',') };
}

/** `<name>`, `<converter:name>` and `(?P<name>…)` anywhere in the text; regex patterns whose groups are all unnamed. */
export function capturesIn(text: string): { names: string[]; positional: boolean } {
  const names = [...text.matchAll(/<(?:\w+:)?([A-Za-z_]\w*)>/g)].map((match) => match[1]);
  // Django passes unnamed groups by position only when a pattern has no named group.
  const positional = [...text.matchAll(/\b(?:re_path|url)\(\s*r?(['"])(.*?)\1/g)].some((match) => /(^|[^\\])\((?!\?)/.test(match[2]) && !match[2].includes('(?P<'));
  return { names, positional };
}
