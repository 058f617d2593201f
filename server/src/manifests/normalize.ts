// PEP 503 name normalization: `Python.Dateutil`, `python_dateutil` and `python-dateutil` are one project.
export { normalizeName } from '../supply-chain/normalize';
