// Writing a fixed file so that no reader ever sees half of it: the new text goes to a
// temporary file beside it, which then replaces it in one rename (atomic on one filesystem).
import { chmodSync, closeSync, fsyncSync, openSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

const BOM = '\uFEFF';

/** Whether the file on disk starts with a UTF-8 byte order mark (the engine reads text without it). */
export function hasByteOrderMark(path: string): boolean {
  try {
    const head = readFileSync(path).subarray(0, 3);
    return head.length === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  } catch {
    return false;
  }
}

/**
 * Replaces the file's content with `text` (UTF-8, keeping a byte order mark it had), keeping its
 * permissions; a file that does not exist is created readable by its owner only (it may be a
 * `.env` holding secrets). A symbolic link is followed: the file it points to is replaced.
 */
export function writeFileAtomically(path: string, text: string, options: { byteOrderMark?: boolean } = {}): void {
  let target = path;
  let mode = 0o600;
  try {
    target = realpathSync(path);
    mode = statSync(target).mode & 0o7777;
  } catch {
    // A new file.
  }
  const temporary = join(dirname(target), `.${basename(target)}.pyward-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const data = Buffer.from((options.byteOrderMark ? BOM : '') + text, 'utf8');
  try {
    const fd = openSync(temporary, 'wx', mode);
    try {
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(temporary, mode); // the umask may have narrowed it
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
