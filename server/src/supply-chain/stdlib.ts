// The Python standard library's top-level modules, per version, from the shipped
// data/stdlib-modules.json (generated from real interpreters; see data/STDLIB.md).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface StdlibData {
  versions: string[];
  modules: Record<string, number[]>;
  builtin: Record<string, number[]>;
  testSupport: Record<string, number[]>;
  /** Python 2.7's modules that Python 3 no longer has (`urllib2`, `cPickle`). */
  python2: string[];
}

let loaded: StdlibData | undefined;
let python2: Set<string> | undefined;

/** The `data/` folder shipped beside the server: the nearest one above this module holding `file`. */
export function shippedDataFile(file: string): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'data', file);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`${file} not found in a data/ folder above the server`);
  }
}

function data(): StdlibData {
  loaded ??= JSON.parse(readFileSync(shippedDataFile('stdlib-modules.json'), 'utf8')) as StdlibData;
  return loaded;
}

/** The Python versions the shipped list covers ("3.9" … "3.13"). */
export function stdlibVersions(): readonly string[] {
  return data().versions;
}

/**
 * Whether the top-level module `name` is part of the standard library of a Python 3 version the
 * project supports (from `minimumPython`, `[3, 12]`, up; any version when unknown). CPython's
 * own test helpers (`test`, `_testcapi`) count: they come with the interpreter, never from PyPI.
 */
export function isStdlibModule(name: string, version?: readonly [number, number]): boolean {
  const top = name.split('.', 1)[0];
  const { modules, testSupport } = data();
  const minors = (Object.hasOwn(modules, top) ? modules[top] : undefined) ?? (Object.hasOwn(testSupport, top) ? testSupport[top] : undefined);
  if (!minors) return false;
  if (!version || version[0] !== 3) return true;
  // The project supports its minimum version and every later one: the module counts when it
  // exists in any of them. A minimum newer than the shipped list is taken as the newest listed.
  const versions = data().versions;
  const minimum = Math.min(version[1], Number(versions[versions.length - 1].split('.')[1]));
  return minors.some((minor) => minor >= minimum);
}

/** Whether `name` is a Python 2.7 library module that Python 3 no longer has (`urllib2`, `cPickle`). */
export function isPython2StdlibModule(name: string): boolean {
  python2 ??= new Set(data().python2);
  return python2.has(name.split('.', 1)[0]);
}

/** The minor versions (3.x) a standard-library module exists in; empty when it is not one. */
export function stdlibMinorVersions(name: string): readonly number[] {
  const top = name.split('.', 1)[0];
  const { modules } = data();
  return Object.hasOwn(modules, top) ? modules[top] : [];
}
