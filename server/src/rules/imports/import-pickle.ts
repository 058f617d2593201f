import { riskyImport } from './risky-import';

export default riskyImport({
  id: 'PW923',
  name: 'import-pickle',
  title: 'Import of pickle, cPickle, dill or shelve',
  bandit: 'B403',
  ruff: 'S403',
  cwe: 502,
  modules: ['pickle', 'cPickle', 'dill', 'shelve'],
  // Names that only write or build data: importing only these is not reported.
  safeNames: ['dumps', 'dump', 'Pickler', 'HIGHEST_PROTOCOL', 'DEFAULT_PROTOCOL', 'PickleError', 'PicklingError', 'UnpicklingError', 'PickleBuffer'],
  message: (m) =>
    `\`${m}\` is imported: unpickling runs code the data carries; load nothing from outside the program.`,
  docs: {
    why: 'Unpickling (`pickle.load`/`loads`, `dill`, `shelve.open`) can call any function with any arguments, so loading a crafted pickle runs arbitrary code. The import is a pointer for review: the loads themselves are reported by PW101 and PW102. Imports of only the writing side (`from pickle import dumps`) are not reported.',
    example: 'import pickle\n\nwith open(cache_path, "rb") as f:\n    state = pickle.load(f)',
    safe: 'import json\n\nwith open(cache_path, encoding="utf-8") as f:\n    state = json.load(f)',
    references: [
      'https://cwe.mitre.org/data/definitions/502.html',
      'https://docs.python.org/3/library/pickle.html',
      'https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html',
    ],
  },
});
