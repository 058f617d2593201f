// Direct references: archive and VCS URLs (`git+https://host/repo.git@v1.2#egg=pkg`), what
// they pin, and whether they travel in clear text.
import type { UrlRef, VcsInfo } from './model';
import type { SourceText } from './source-text';

const VCS_SCHEME = /^(git|hg|svn|bzr)\+/i;

/** A URL found in `source[from, to)`, with its VCS revision range when it is a VCS URL. */
export function urlRef(source: SourceText, from = 0, to = source.length): UrlRef {
  const url = source.text.slice(from, to);
  const ref: UrlRef = { url, range: source.range(from, to) };
  const vcs = VCS_SCHEME.exec(url);
  if (vcs) {
    const info: VcsInfo = { scheme: vcs[1].toLowerCase() };
    const revision = vcsRevision(url);
    if (revision) {
      info.ref = revision.ref;
      info.refRange = source.range(from + revision.at, from + revision.at + revision.ref.length);
    }
    ref.vcs = info;
  }
  return ref;
}

/** The `@rev` of a VCS URL's path (not the `user@` of its authority), and where it starts. */
export function vcsRevision(url: string): { ref: string; at: number } | undefined {
  const hash = url.indexOf('#');
  const body = hash === -1 ? url : url.slice(0, hash);
  const scheme = body.indexOf('://');
  const pathStart = scheme === -1 ? 0 : body.indexOf('/', scheme + 3);
  if (pathStart === -1) return undefined;
  const at = body.lastIndexOf('@');
  if (at <= pathStart || at === body.length - 1) return undefined;
  return { ref: body.slice(at + 1), at: at + 1 };
}

/** A full commit hash: 40 hex digits (SHA-1) or 64 (SHA-256 Git). */
export function isFullCommit(ref: string | undefined): boolean {
  return ref !== undefined && /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(ref);
}

/** The project name a URL declares with `#egg=name`, or a wheel/sdist file name implies. */
export function nameFromUrl(url: string): { name: string; at: number } | undefined {
  const egg = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(url);
  if (egg) return { name: egg[1].replace(/-[0-9].*$/, ''), at: egg.index + egg[0].length - egg[1].length };
  const file = /\/([A-Za-z0-9][A-Za-z0-9._]*?)-[0-9][^/]*\.(?:whl|tar\.gz|zip|tar\.bz2|tgz)(?:[#?].*)?$/.exec(url);
  if (file) return { name: file[1], at: file.index + 1 };
  return undefined;
}

/** A plain `http://` (or `hg+http://`…) URL to a host other than this machine. */
export function isInsecureUrl(url: string): boolean {
  const match = /^(?:[a-z]+\+)?http:\/\/(?:[^/@]*@)?(\[[^\]]*\]|[^/:?#]*)/i.exec(url.trim());
  if (!match) return false;
  const host = match[1].toLowerCase();
  return !(host === 'localhost' || host === '[::1]' || host.startsWith('127.'));
}

/** Where `http` ends in an insecure URL, to insert the `s` of `https` (relative to the URL). */
export function httpSchemeEnd(url: string): number {
  return url.toLowerCase().indexOf('http:') + 4;
}

/** Looks like a URL (`scheme://…`) rather than a name. */
export function looksLikeUrl(text: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text);
}

/** Looks like a local path: `.`, `./pkg`, `../x`, `/abs`, `~/x`, `C:\x`, or an archive file name. */
export function looksLikePath(text: string): boolean {
  return /^(?:\.{1,2}(?:[\\/]|$)|[\\/~]|[A-Za-z]:[\\/])/.test(text) || /\.(?:whl|tar\.gz|zip|tar\.bz2|tgz)$/i.test(text) || (text.includes('/') && !text.includes('@') && !/[<>=!~;]/.test(text));
}
