#!/usr/bin/env node
// `npm run package`: builds pyward-<version>.vsix, small and without sources or tests.
//
// esbuild bundles the client, the language server and the audit's worker into dist/ (three
// files, no node_modules); the .vsix layout vsce writes (extension.vsixmanifest,
// [Content_Types].xml, extension/…) is zipped here, so packaging needs no further dependency.
// The staged tree is exactly what ships: scripts/list-vsix.mjs lists the result and
// test/unit/vsix-contents.test.ts checks it against scripts/vsix-allowlist.txt.
//
//   node scripts/package-vsix.mjs [--out FILE]    (run `npm run build` first)
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(ROOT, 'package.json'));
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const args = process.argv.slice(2);
const outFile = resolve(args.includes('--out') ? args[args.indexOf('--out') + 1] : join(ROOT, `${manifest.name}-${manifest.version}.vsix`));

/** Files shipped beside the code, from the repository root. */
const SHIPPED = ['README.md', 'CHANGELOG.md', 'LICENSE', 'grammars', 'data', 'docs', 'images'];

function copy(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to, { recursive: true, filter: (path) => !/\.(map|ts|tsbuildinfo)$/.test(path) });
}

async function stage(stageDir) {
  const pkg = { ...manifest };
  delete pkg.devDependencies;
  delete pkg.scripts;
  delete pkg.allowScripts;
  delete pkg.bin; // the CLI is the npm package's, not the extension's
  const esbuild = require('esbuild');
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    sourcemap: false,
    logLevel: 'warning',
    legalComments: 'none',
    // web-tree-sitter finds its runtime through import.meta.url, which a CommonJS bundle lacks.
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: 'var __bundleUrl = require("url").pathToFileURL(__filename).href;' },
  };
  await esbuild.build({ ...common, entryPoints: { client: join(ROOT, 'client/src/extension.ts') }, outdir: join(stageDir, 'dist'), external: ['vscode'] });
  await esbuild.build({
    ...common,
    entryPoints: { server: join(ROOT, 'server/src/lsp/server.ts'), worker: join(ROOT, 'server/src/workspace/worker.ts') },
    outdir: join(stageDir, 'dist'),
  });
  pkg.main = './dist/client.js';
  delete pkg.dependencies;
  writeFileSync(join(stageDir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  for (const name of SHIPPED) if (existsSync(join(ROOT, name))) copy(join(ROOT, name), join(stageDir, name));
  // Nothing of the kind ships, whatever the copies above picked up.
  for (const file of listFiles(stageDir)) {
    if (/(^|\/)(test|tests|__tests__)\//.test(file) || /\.(map|ts|tsbuildinfo)$/.test(file)) rmSync(join(stageDir, file));
  }
}

export function listFiles(dir, base = dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(path, base));
    else files.push(relative(base, path).split(sep).join('/'));
  }
  return files.sort();
}

// --- The .vsix without vsce: the same Open Packaging layout vsce writes --------------------
function escapeXml(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function vsixManifest(pkg) {
  const assets = [['Microsoft.VisualStudio.Code.Manifest', 'extension/package.json']];
  if (existsSync(join(ROOT, 'README.md'))) assets.push(['Microsoft.VisualStudio.Services.Content.Details', 'extension/README.md']);
  if (existsSync(join(ROOT, 'CHANGELOG.md'))) assets.push(['Microsoft.VisualStudio.Services.Content.Changelog', 'extension/CHANGELOG.md']);
  if (existsSync(join(ROOT, 'LICENSE'))) assets.push(['Microsoft.VisualStudio.Services.Content.License', 'extension/LICENSE']);
  return `<?xml version="1.0" encoding="utf-8"?>
<PackageManifest Version="2.0.0" xmlns="http://schemas.microsoft.com/developer/vsx-schema/2011" xmlns:d="http://schemas.microsoft.com/developer/vsx-schema-design/2011">
  <Metadata>
    <Identity Language="en-US" Id="${escapeXml(pkg.name)}" Version="${escapeXml(pkg.version)}" Publisher="${escapeXml(pkg.publisher)}" />
    <DisplayName>${escapeXml(pkg.displayName ?? pkg.name)}</DisplayName>
    <Description xml:space="preserve">${escapeXml(pkg.description ?? '')}</Description>
    <Tags>${escapeXml((pkg.keywords ?? []).join(','))}</Tags>
    <Categories>${escapeXml((pkg.categories ?? []).join(','))}</Categories>
    <GalleryFlags>Public</GalleryFlags>
    <Properties>
      <Property Id="Microsoft.VisualStudio.Code.Engine" Value="${escapeXml(pkg.engines.vscode)}" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionKind" Value="workspace" />
    </Properties>
    ${existsSync(join(ROOT, 'LICENSE')) ? '<License>extension/LICENSE</License>' : ''}
  </Metadata>
  <Installation>
    <InstallationTarget Id="Microsoft.VisualStudio.Code" />
  </Installation>
  <Dependencies />
  <Assets>
${assets.map(([type, path]) => `    <Asset Type="${type}" Path="${path}" Addressable="true" />`).join('\n')}
  </Assets>
</PackageManifest>
`;
}

function contentTypes(files) {
  const types = { json: 'application/json', js: 'application/javascript', md: 'text/markdown', txt: 'text/plain', vsixmanifest: 'text/xml', wasm: 'application/wasm', png: 'image/png', tsv: 'text/tab-separated-values', br: 'application/octet-stream' };
  const extensions = new Set(files.map((file) => (/\.([^./]+)$/.exec(file)?.[1] ?? '').toLowerCase()).filter(Boolean));
  const defaults = [...extensions].sort().map((ext) => `<Default Extension=".${ext}" ContentType="${types[ext] ?? 'application/octet-stream'}" />`);
  return `<?xml version="1.0" encoding="utf-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${defaults.join('')}</Types>\n`;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data) {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A plain zip (deflate, no zip64): entries is [name, Buffer][]. */
function zip(entries) {
  const chunks = [];
  const central = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const compressed = deflateRawSync(data, { level: 9 });
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00, for reproducible archives
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    chunks.push(local, nameBytes, compressed);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(8, 10);
    header.writeUInt32LE(0x00210000, 12);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(compressed.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    header.writeUInt32LE(offset, 42);
    central.push(header, nameBytes);
    offset += local.length + nameBytes.length + compressed.length;
  }
  const centralSize = central.reduce((sum, chunk) => sum + chunk.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

async function main() {
  const stageDir = mkdtempSync(join(tmpdir(), 'pyward-vsix-'));
  try {
    await stage(stageDir);
    const files = listFiles(stageDir);
    const pkg = JSON.parse(readFileSync(join(stageDir, 'package.json'), 'utf8'));
    const entries = [
      ['extension.vsixmanifest', Buffer.from(vsixManifest(pkg))],
      ['[Content_Types].xml', Buffer.from(contentTypes([...files, 'extension.vsixmanifest']))],
      ...files.map((file) => [`extension/${file}`, readFileSync(join(stageDir, file))]),
    ];
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, zip(entries));
    console.log(`${relative(process.cwd(), outFile) || outFile}: ${(statSync(outFile).size / 1024 / 1024).toFixed(2)} MiB`);
  } finally {
    rmSync(stageDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`package-vsix: ${error.message}`);
    process.exit(1);
  });
}
