// Which PyPI distribution provides an import name, for popular projects whose names differ
// (`yaml` → PyYAML, `cv2` → opencv-python), from the shipped data/import-names.tsv. Used when
// the project has no environment to read; any other name maps to itself.
import { readFileSync } from 'node:fs';
import { normalizeName } from './normalize';
import { shippedDataFile } from './stdlib';

interface ImportNameData {
  /** Module (top-level or dotted) → distributions as written, the usual one first. */
  byModule: Map<string, string[]>;
  /** Normalized distribution → the modules it provides. */
  byDistribution: Map<string, string[]>;
}

let loaded: ImportNameData | undefined;

function data(): ImportNameData {
  if (loaded) return loaded;
  const byModule = new Map<string, string[]>();
  const byDistribution = new Map<string, string[]>();
  for (const line of readFileSync(shippedDataFile('import-names.tsv'), 'utf8').split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    const [module, distributions] = line.split('\t');
    if (!module || !distributions) continue;
    const list = distributions.split(',').map((name) => name.trim()).filter(Boolean);
    byModule.set(module, list);
    for (const distribution of list) {
      const key = normalizeName(distribution);
      const modules = byDistribution.get(key);
      if (!modules) byDistribution.set(key, [module]);
      else modules.push(module);
    }
  }
  loaded = { byModule, byDistribution };
  return loaded;
}

/**
 * The distributions (as PyPI spells them, the usual one first) known to provide `module`, by the
 * longest listed prefix of its dotted name (`google.cloud.storage.blob` → google-cloud-storage);
 * undefined when the module is not listed (its distribution is then presumably its own name).
 */
export function knownDistributionsForModule(module: string): readonly string[] | undefined {
  const { byModule } = data();
  const parts = module.split('.');
  for (let length = parts.length; length > 0; length--) {
    const found = byModule.get(parts.slice(0, length).join('.'));
    if (found) return found;
  }
  return undefined;
}

/** The distributions that would provide `module`: the listed ones, else the one of the same name. */
export function distributionsForModule(module: string): readonly string[] {
  return knownDistributionsForModule(module) ?? [module.split('.', 1)[0]];
}

/**
 * The top-level import name a distribution provides (`pyyaml` → `yaml`), when listed; the
 * distribution's own name, made an identifier, otherwise (`typing-extensions` → `typing_extensions`).
 */
export function importNameOfDistribution(distribution: string): string {
  const normalized = normalizeName(distribution);
  const listed = (data().byDistribution.get(normalized) ?? []).map((module) => module.split('.', 1)[0]);
  // Its main module: the one named like it (`matplotlib`, not `mpl_toolkits`), else a public one (`yaml`, not `_yaml`).
  const main = listed.find((module) => normalizeName(module) === normalized) ?? listed.find((module) => !module.startsWith('_')) ?? listed[0];
  return main ?? normalized.replace(/-/g, '_');
}

/** Every listed module name whose distribution has another name (`sklearn`, `cv2`, `yaml`). */
export function listedModules(): readonly string[] {
  return [...data().byModule.keys()];
}
