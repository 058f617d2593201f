// Regenerates data/stdlib-modules.json: the top-level modules of the Python standard library,
// per supported Python version, asked of real interpreters:
//
//   node out/scripts/generate-stdlib-modules.js [PYENV_VERSIONS_DIR]   (default: ~/.pyenv/versions)
//
// From 3.10, `sys.stdlib_module_names` is the list (it names every platform's modules). 3.9
// has no such attribute: its list is what its standard library folder holds (`*.py`, packages,
// `lib-dynload/*.so`) plus `sys.builtin_module_names`, plus the modules of other platforms
// (`msvcrt`, `winreg`, `_winapi`…) taken from 3.10's list when 3.10's own folder lacks them
// too, minus CPython's test helpers. That recipe, applied to 3.10, reproduces 3.10's
// `sys.stdlib_module_names` exactly (the script checks this).
//
// CPython's test helpers (`test`, `_testcapi`, `xxsubtype`…) are installed with the interpreter
// but left out of `sys.stdlib_module_names`; they are listed apart as `testSupport`. Python 2.7's
// library modules that Python 3 no longer has (`urllib2`, `ConfigParser`, `cPickle`) are listed
// as `python2`, from its folder and builtins the same way: old code imports them in
// `try:`/`except ImportError:` fallbacks, and they never come from PyPI either.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const VERSIONS = ['3.9', '3.10', '3.11', '3.12', '3.13'];

/** Printed by each interpreter: its own list, its builtins, and what its stdlib folder holds. */
const PROBE = String.raw`
import json, os, sys, sysconfig
stdlib = sysconfig.get_paths()['stdlib']
listing = set(sys.builtin_module_names)
for entry in os.listdir(stdlib):
    path = os.path.join(stdlib, entry)
    if entry.endswith('.py') and entry[:-3].isidentifier():
        listing.add(entry[:-3])
    elif os.path.isdir(path) and entry.isidentifier() and entry not in ('site-packages', '__pycache__'):
        listing.add(entry)
dynload = os.path.join(stdlib, 'lib-dynload')
for entry in os.listdir(dynload) if os.path.isdir(dynload) else []:
    name = entry.split('.')[0]
    if name.isidentifier():
        listing.add(name)
print(json.dumps({
    'version': '%d.%d' % sys.version_info[:2],
    'stdlib': sorted(getattr(sys, 'stdlib_module_names', [])),
    'builtin': sorted(sys.builtin_module_names),
    'listing': sorted(listing),
}))
`;

interface Probe {
  version: string;
  stdlib: string[];
  builtin: string[];
  listing: string[];
}

/** CPython's own test helpers: installed, but not part of the library proper. */
function isTestSupport(name: string): boolean {
  return /^(test|_test\w*|_ctypes_test|xx\w*|_xx\w*|_sysconfigdata\w*|__phello__\w*)$/.test(name);
}

/** Python 2 has no `str.isidentifier`; the same listing, written for it. */
const PROBE_PYTHON2 = String.raw`
import json, os, re, sys
stdlib = os.path.dirname(os.__file__)
identifier = re.compile(r'^[A-Za-z_]\w*$')
names = set(sys.builtin_module_names)
for entry in os.listdir(stdlib):
    if entry.endswith('.py') and identifier.match(entry[:-3]):
        names.add(entry[:-3])
    elif os.path.isdir(os.path.join(stdlib, entry)) and identifier.match(entry) and entry not in ('site-packages', 'config'):
        names.add(entry)
for entry in os.listdir(os.path.join(stdlib, 'lib-dynload')):
    if identifier.match(entry.split('.')[0]):
        names.add(entry.split('.')[0])
for folder in ('lib-tk', 'plat-linux2'):
    for entry in os.listdir(os.path.join(stdlib, folder)) if os.path.isdir(os.path.join(stdlib, folder)) else []:
        if entry.endswith('.py') and identifier.match(entry[:-3]):
            names.add(entry[:-3])
print(json.dumps(sorted(names)))
`;

function repoRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'server'))) return dir;
    if (dirname(dir) === dir) throw new Error('repository root not found');
  }
}

function interpreter(versionsDir: string, version: string): string {
  const matches = execFileSync('ls', [versionsDir], { encoding: 'utf8' })
    .split('\n')
    .filter((name) => name === version || name.startsWith(`${version}.`))
    .sort();
  if (matches.length === 0) throw new Error(`no Python ${version} under ${versionsDir}`);
  return join(versionsDir, matches[matches.length - 1], 'bin', 'python');
}

function probe(python: string): Probe {
  return JSON.parse(execFileSync(python, ['-I', '-S', '-c', PROBE], { encoding: 'utf8' })) as Probe;
}

/** The 3.9 recipe: the folder's listing, other platforms' modules from 3.10, no test helpers. */
function derivedList(own: Probe, reference: Probe): string[] {
  const names = new Set(own.listing.filter((name) => !isTestSupport(name)));
  const referenceListing = new Set(reference.listing);
  for (const name of reference.stdlib) if (!referenceListing.has(name)) names.add(name);
  return [...names].sort();
}

function main(): void {
  const versionsDir = resolve(process.argv[2] ?? join(homedir(), '.pyenv', 'versions'));
  const probes = new Map(VERSIONS.map((version) => [version, probe(interpreter(versionsDir, version))]));
  const reference = probes.get('3.10')!;

  const recipeCheck = derivedList(reference, reference).join(' ');
  if (recipeCheck !== [...reference.stdlib].sort().join(' ')) throw new Error('the 3.9 recipe does not reproduce 3.10’s sys.stdlib_module_names');

  const modules = new Map<string, number[]>();
  const builtin = new Map<string, number[]>();
  const testSupport = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, name: string, minor: number) => {
    const list = map.get(name);
    if (!list) map.set(name, [minor]);
    else if (!list.includes(minor)) list.push(minor);
  };
  for (const [version, found] of probes) {
    const minor = Number(version.split('.')[1]);
    const stdlib = found.stdlib.length > 0 ? found.stdlib : derivedList(found, reference);
    for (const name of stdlib) add(modules, name, minor);
    for (const name of found.builtin) add(builtin, name, minor);
    for (const name of found.listing) if (isTestSupport(name) && !name.startsWith('_sysconfigdata') && !name.startsWith('__phello__')) add(testSupport, name, minor);
  }
  const python2 = (JSON.parse(execFileSync(interpreter(versionsDir, '2.7'), ['-S', '-c', PROBE_PYTHON2], { encoding: 'utf8' })) as string[]).filter(
    (name) => !modules.has(name) && !isTestSupport(name),
  );
  const sorted = (map: Map<string, number[]>) => Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, minors]) => [name, minors.sort((a, b) => a - b)]));
  const data = {
    comment: 'Generated by scripts/generate-stdlib-modules.ts; see data/STDLIB.md. Values are the Python 3 minor versions a module exists in.',
    versions: VERSIONS,
    modules: sorted(modules),
    builtin: sorted(builtin),
    testSupport: sorted(testSupport),
    python2,
  };
  const out = join(repoRoot(), 'data');
  mkdirSync(out, { recursive: true });
  // One module per line: small diffs when a Python version is added.
  const body = (map: Record<string, number[]>) =>
    Object.entries(map)
      .map(([name, minors]) => `    ${JSON.stringify(name)}: [${minors.join(',')}]`)
      .join(',\n');
  const names = (list: string[]) => list.map((name) => JSON.stringify(name)).join(', ');
  const text = `{\n  "comment": ${JSON.stringify(data.comment)},\n  "versions": ${JSON.stringify(data.versions)},\n  "modules": {\n${body(data.modules)}\n  },\n  "builtin": {\n${body(data.builtin)}\n  },\n  "testSupport": {\n${body(data.testSupport)}\n  },\n  "python2": [${names(data.python2)}]\n}\n`;
  writeFileSync(join(out, 'stdlib-modules.json'), text);
  console.log(`data/stdlib-modules.json: ${modules.size} modules, ${builtin.size} builtin, ${testSupport.size} test helpers over ${VERSIONS.join(', ')}, ${python2.length} Python 2 only`);
}

main();
