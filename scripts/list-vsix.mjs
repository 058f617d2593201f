#!/usr/bin/env node
// Lists the entries of a .vsix (a zip), one path a line, from its central directory.
//   node scripts/list-vsix.mjs [FILE.vsix]   (default: pyward-<version>.vsix at the root)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

/** The entry names and sizes of a zip archive. */
export function listZip(buffer) {
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip archive (no end of central directory)');
  const count = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(offset) !== 0x02014b50) throw new Error('corrupt central directory');
    const size = buffer.readUInt32LE(offset + 24);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    entries.push({
      name: buffer.toString('utf8', offset + 46, offset + 46 + nameLength),
      size,
      method: buffer.readUInt16LE(offset + 10),
      compressedSize: buffer.readUInt32LE(offset + 20),
      localOffset: buffer.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Writes every entry of a zip archive under `dir` (stored or deflated entries; no path may leave `dir`). */
export function extractZip(buffer, dir) {
  const root = resolve(dir);
  for (const entry of listZip(buffer)) {
    const target = resolve(root, entry.name);
    if (!target.startsWith(root + sep)) throw new Error(`unsafe entry name ${entry.name}`);
    const local = entry.localOffset;
    const dataStart = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(dataStart, dataStart + entry.compressedSize);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, entry.method === 8 ? inflateRawSync(data) : data);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const file = resolve(process.argv[2] ?? join(root, `${manifest.name}-${manifest.version}.vsix`));
  for (const { name, size } of listZip(readFileSync(file))) console.log(`${String(size).padStart(10)}  ${name}`);
}
