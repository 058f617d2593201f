// Decoding a source file as Python does (PEP 263): UTF-8 unless a comment on the first or second
// line declares another encoding (`# -*- coding: latin-1 -*-`).

export type Decoded = { text: string } | { skipped: string };

/** `# -*- coding: latin-1 -*-`, `# vim: set fileencoding=cp1252 :` (PEP 263's own pattern). */
const DECLARATION = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/** Python's names for ISO-8859-1, which browsers' decoders map to windows-1252 instead. */
const LATIN_1 = new Set(['latin-1', 'latin1', 'iso-8859-1', 'iso8859-1', 'l1', 'iso-ir-100', 'cp819', 'ibm819', 'iso-latin-1']);
const UTF_8 = new Set(['utf-8', 'utf8', 'u8', 'utf', 'cp65001', 'utf-8-sig']);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The encoding a file declares on its first two lines, normalised (`latin_1` → `latin-1`); undefined when none. */
export function declaredEncoding(data: Uint8Array): string | undefined {
  // The declaration is ASCII; read the first two lines as Latin-1 so that no byte can fail.
  const head = Buffer.from(data.subarray(0, 512)).toString('latin1').replace(/^\ufeff|^\xef\xbb\xbf/, '');
  const [first = '', second = ''] = head.split(/\r\n|\r|\n/, 2);
  // The second line counts only when the first is a comment or blank.
  const match = DECLARATION.exec(first) ?? (/^[ \t\f]*(?:#.*)?$/.test(first) ? DECLARATION.exec(second) : null);
  return match ? match[1].toLowerCase().replace(/_/g, '-') : undefined;
}

/** The file's text, decoded as declared (UTF-8 by default), or why it cannot be. */
export function decodePythonSource(data: Uint8Array): Decoded {
  const encoding = declaredEncoding(data);
  if (encoding === undefined || UTF_8.has(encoding)) {
    try {
      // The decoder drops a leading byte order mark.
      return { text: utf8.decode(data) };
    } catch {
      return { skipped: encoding === undefined ? 'not valid UTF-8 (and no PEP 263 coding declaration)' : 'not valid UTF-8, its declared encoding' };
    }
  }
  if (LATIN_1.has(encoding)) return { text: Buffer.from(data).toString('latin1') };
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    return { skipped: `declares an encoding this reader does not know (${encoding})` };
  }
  try {
    return { text: decoder.decode(data) };
  } catch {
    return { skipped: `not valid ${encoding}, its declared encoding` };
  }
}
