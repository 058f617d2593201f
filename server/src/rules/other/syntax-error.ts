import { defineRule } from '../../engine/rule';
import { SYNTAX_ERROR } from '../../engine/syntax-errors';

// Its findings come from the engine (engine/syntax-errors.ts), which reads the whole tree after
// analysis; this module gives them their metadata and documentation.
export default defineRule({
  meta: {
    id: SYNTAX_ERROR,
    name: 'syntax-error',
    title: 'Code that could not be parsed, and so was not analysed',
    category: 'other',
    // Not a weakness in itself: it says where the analysis is blind. Low severity, so that it
    // shows without failing a build on `--fail-on medium`; Bandit skips such files with an error.
    severity: 'low',
    confidence: 'high',
    cwe: 710,
    fixable: false,
    docs: {
      what: 'Reports each region of a Python file that the parser could not read (a syntax error, or syntax the grammar does not know), once per region, on its first line. The rest of the file is analysed as usual; the region itself is not, so a risky call inside it goes unreported.',
      why: 'A file with a syntax error does not run, but it is often the file being edited, and a file meant for Python 2 or for a templating step may never be valid Python 3. Saying where the analysis stopped keeps "no findings" from meaning "checked and safe" when it means "not read".',
      example: 'import pickle\n\ndef load(data)\n    return pickle.loads(data)',
      safe: 'import pickle\n\ndef load(data):\n    return pickle.loads(data)',
      references: ['https://cwe.mitre.org/data/definitions/710.html', 'https://docs.python.org/3/reference/grammar.html'],
    },
  },
  reportedByEngine: true,
});
