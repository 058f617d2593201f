// Django view parameters that the URL cannot set. A view gets the URL pattern's captures
// (`<slug:target>`, `(?P<year>[0-9]{4})`) and the URLconf's extra keyword arguments
// (`path("rpc/", handler, {"help_view": "api_help"})`): the first are input, the second are
// the project's configuration. A parameter named by no capture of any URLconf of the project is
// the latter, unless a pattern routing to its view captures without names (its groups arrive by
// position). A function no URLconf names at all is routed by none: not a view.
import { createHash } from 'node:crypto';
import type { ProjectContext } from '../project';
import { djangoUrlConfs } from '../../project/first-party';
import type { FlowInputs } from './project-flow';

export interface UrlCaptures {
  /** The names every URLconf of the project captures. */
  names: ReadonlySet<string>;
  /**
   * The views (a function's or a class-based view's name) that patterns capturing by position
   * route to: every parameter of theirs may be a capture. `any` when such a pattern's view is not
   * a name (`include(…)`).
   */
  positionalViews: ReadonlySet<string> | 'any';
  /** Every word of the URLconfs: a view's name none of them holds is not routed by them. */
  words: ReadonlySet<string>;
  /** A signature of all three (a change analyses the views again). */
  key: string;
}

interface Read {
  text: string;
  names: string[];
  /** Views of patterns capturing by position; undefined when one such pattern's view is unknown (`include(…)`). */
  positionalViews: string[] | undefined;
  words: string[];
}

const reads = new Map<string, Read>();

/**
 * The captures of the project's URLconfs, each read recorded in `inputs` (an edit to one
 * analyses the views again); undefined without URLconfs.
 */
export function urlCaptures(project: ProjectContext | undefined, inputs: FlowInputs): UrlCaptures | undefined {
  if (!project?.root) return undefined;
  const paths = djangoUrlConfs(project);
  if (paths.length === 0) return undefined;
  const current: Read[] = [];
  for (const path of paths) {
    const text = project.readText(path);
    if (text === undefined) continue;
    inputs.set(path, text);
    let read = reads.get(path);
    if (read?.text !== text) {
      read = { text, ...capturesIn(text), words: [...new Set(text.match(/[A-Za-z_]\w*/g))] };
      reads.set(path, read);
    }
    current.push(read);
  }
  // Every view module of an audit asks: the same URLconfs, read unchanged, are combined once.
  if (!combined || combined.reads.length !== current.length || combined.reads.some((read, index) => read !== current[index])) {
    combined = { reads: current, captures: combine(current) };
  }
  return combined.captures;
}

let combined: { reads: readonly Read[]; captures: UrlCaptures } | undefined;

function combine(reads: readonly Read[]): UrlCaptures {
  const names = new Set<string>();
  let positionalViews: Set<string> | 'any' = new Set<string>();
  const words = new Set<string>();
  for (const read of reads) {
    for (const name of read.names) names.add(name);
    for (const word of read.words) words.add(word);
    if (!read.positionalViews) positionalViews = 'any';
    else if (positionalViews !== 'any') for (const view of read.positionalViews) positionalViews.add(view);
  }
  const signature = [names, positionalViews === 'any' ? ['*'] : positionalViews, words].map((set) => [...set].sort().join(',')).join('|');
  return { names, positionalViews, words, key: createHash('sha1').update(signature).digest('base64') };
}

/**
 * `<name>`, `<converter:name>` and `(?P<name>…)` anywhere in the text; the views of regex patterns
 * whose groups are all unnamed (`url(r"^(\d+)/$", views.detail)`: `detail`; `Detail.as_view()`:
 * `Detail`), undefined when such a pattern's view is not a name (`include(…)`).
 */
export function capturesIn(text: string): { names: string[]; positionalViews: string[] | undefined } {
  const names = [...text.matchAll(/<(?:\w+:)?([A-Za-z_]\w*)>/g)].map((match) => match[1]);
  const positionalViews: string[] = [];
  for (const match of text.matchAll(/\b(?:re_path|url)\(\s*r?(['"])(.*?)\1\s*(?:,\s*([A-Za-z_][\w.]*(?:\(\s*\))?))?/g)) {
    // Django passes unnamed groups by position only when a pattern has no named group.
    if (!/(^|[^\\])\((?!\?)/.test(match[2]) || match[2].includes('(?P<')) continue;
    const view = viewName(match[3]);
    if (view === undefined) return { names, positionalViews: undefined };
    positionalViews.push(view);
  }
  return { names, positionalViews };
}

/** `views.detail` → `detail`, `DetailView.as_view()` → `DetailView`; undefined for anything else. */
function viewName(expression: string | undefined): string | undefined {
  if (!expression || expression.startsWith('include')) return undefined;
  const parts = expression.replace(/\(\s*\)$/, '').split('.');
  if (parts[parts.length - 1] === 'as_view') parts.pop();
  return parts.pop() || undefined;
}
