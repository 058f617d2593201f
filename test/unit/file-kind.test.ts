// Which analysers a file gets, by its name (and, in the editor, its language ID).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileKindOf } from '../../server/src/engine/file-kind';

test('files are classified by name', () => {
  const expected: Record<string, string | undefined> = {
    'app/views.py': 'python',
    'stubs/api.pyi': undefined,
    'setup.py': 'python',
    'analysis.ipynb': 'notebook',
    'requirements.txt': 'requirements',
    'requirements-dev.txt': 'requirements',
    'dev-requirements.txt': 'requirements',
    'requirements/base.txt': 'requirements',
    'requirements.in': 'requirements',
    'constraints.txt': 'requirements',
    'MANIFEST.in': undefined,
    'Makefile.in': undefined,
    'pyproject.toml': 'pyproject',
    'pylock.toml': 'pylock',
    'pylock.dev.toml': 'pylock',
    'setup.cfg': 'setup-cfg',
    Pipfile: 'pipfile',
    '.github/workflows/ci.yml': 'workflow',
    '.github/workflows/release.yaml': 'workflow',
    'docs/workflows/ci.yml': 'config',
    'action.yml': 'action',
    '.github/actions/setup/action.yaml': 'action',
    '.env': 'config',
    '.env.production': 'config',
    'prod.env': 'config',
    '.pypirc': 'config',
    '.npmrc': 'config',
    'settings.ini': 'config',
    'config.yaml': 'config',
    'package.json': 'config',
    'README.md': undefined,
    'notes.txt': undefined,
  };
  for (const [path, kind] of Object.entries(expected)) assert.equal(fileKindOf(path), kind, path);
});

test('the editor\'s language ID names a kind whatever the file is called', () => {
  assert.equal(fileKindOf('deps/base-pins.txt', 'pip-requirements'), 'requirements');
  assert.equal(fileKindOf('untitled:Untitled-1', 'python'), 'python');
  // A stub opened in the editor is Python to it, but holds no code that runs.
  assert.equal(fileKindOf('typings/requests/api.pyi', 'python'), undefined);
  assert.equal(fileKindOf('notes.txt', 'plaintext'), undefined);
  assert.equal(fileKindOf('C:\\work\\app\\requirements.txt'), 'requirements');
});
