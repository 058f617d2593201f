// A notebook's Python cells analysed as one program: IPython syntax blanked without moving any
// offset, findings on the right cell and line, fixes edited into the cells they touch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blankMagics, type CellFinding, type CellTextEdit, type NotebookCell, NotebookProgram } from '../../server/src/notebooks/program';
import { analyzeNotebookCells } from '../../server/src/notebooks/analyze';
import { base62, crc32 } from '../../server/src/rules/secrets/detectors/encoding';
import { applyEdits, parsesCleanly, registry } from '../helpers';
import { safeFix } from '../../server/src/engine/fixer';

const python = (text: string): NotebookCell => ({ text, language: 'python' });
const markdown = (text: string): NotebookCell => ({ text, language: 'markdown' });

/** `cell:line:RULE` (0-based cell index among all cells, 1-based line in the cell). */
function keys(cells: readonly NotebookCell[], findings: readonly CellFinding[]): string[] {
  return findings.map((f) => `${f.cell}:${cells[f.cell].text.slice(0, f.start).split('\n').length}:${f.ruleId}`);
}

/** Applies cell edits to the cells, as an editor applies a workspace edit. */
function applyCellEdits(cells: readonly NotebookCell[], edits: readonly CellTextEdit[]): string[] {
  return cells.map((cell, index) => applyEdits(cell.text, edits.filter((edit) => edit.cell === index)));
}

test('magics, shell escapes and help lines become comments of the same length', () => {
  const cases: [string, string][] = [
    ['!pip install requests', '#pip install requests'],
    ['%matplotlib inline', '#matplotlib inline'],
    ['    %time run()', '    #time run()'],
    ['files = !ls -la', '#iles = !ls -la'],
    ['a, b = %sx echo hi', '#, b = %sx echo hi'],
    ['?len', '#len'],
    ['??os.path', '#?os.path'],
    ['os.path.join?', '#s.path.join?'],
    ['np.load??', '#p.load??'],
  ];
  for (const [line, blanked] of cases) {
    const result = blankMagics(line);
    assert.equal(result.text, blanked, line);
    assert.equal(result.text.length, line.length);
    assert.deepEqual(result.blanked, [{ start: 0, end: line.length }], line);
  }
});

test('Python that looks like IPython is left alone: !=, % and ? inside strings, brackets and comments', () => {
  const code = [
    'if a != b:',
    '    x = 10 % 3',
    'query = """',
    '%s items',
    '!important',
    'what?',
    '"""',
    'values = [',
    '    %d',
    ']',
    'y = 1  # really?',
    's = "is it?"',
    'total = a + \\',
    '    !b',
  ].join('\n');
  assert.equal(blankMagics(code).text, code);
  assert.deepEqual(blankMagics(code).blanked, []);
});

test('a cell magic comments out the whole cell; a Python-bodied one only its first line', () => {
  const bash = '\n%%bash\necho "$HOME"\nrm -rf build/\n';
  const blanked = blankMagics(bash);
  assert.equal(blanked.text, '\n#%bash\n#cho "$HOME"\n#m -rf build/\n');
  assert.equal(blanked.cellMagic, true);

  const timed = '%%time\nimport pickle\npickle.loads(blob)\n';
  assert.equal(blankMagics(timed).text, '#%time\nimport pickle\npickle.loads(blob)\n');
  assert.equal(blankMagics(timed).cellMagic, true);
});

test('a shell escape continued with a backslash is blanked on every line; CRLF cells keep their length', () => {
  const cell = '!pip install \\\r\n    requests\r\nimport os\r\n';
  const result = blankMagics(cell);
  assert.equal(result.text, '#pip install \\\r\n    #equests\r\nimport os\r\n');
  assert.equal(result.text.length, cell.length);
});

test('the program joins the Python cells with newlines; offsets map both ways', () => {
  const cells = [python('import pickle'), markdown('# Title\n`pickle.loads`'), python('%load_ext x\ndata = pickle.loads(b)'), { text: 'x <- 1', language: 'r' }];
  const program = NotebookProgram.build(cells);
  assert.equal(program.text, 'import pickle\n#load_ext x\ndata = pickle.loads(b)');
  assert.deepEqual(
    program.spans.map((s) => [s.cell, s.start, s.end]),
    [
      [0, 0, 13],
      [2, 14, 48],
    ],
  );
  const at = program.text.indexOf('pickle.loads');
  assert.deepEqual(program.spanAt(at)?.cell, 2);
  assert.equal(program.toProgram(2, cells[2].text.indexOf('pickle.loads')), at);
  assert.equal(program.toProgram(1, 0), undefined, 'markdown cells are not in the program');
  assert.equal(program.spanAt(13)?.cell, 0, 'the separator belongs to the cell it ends');
});

test('an import in cell 1 resolves a call in cell 2: PW101 on cell 2, line 1', async () => {
  const cells = [python('import pickle as pk\n'), markdown('Load the data'), python('obj = pk.loads(payload)\nprint(obj)\n')];
  const { findings } = await analyzeNotebookCells(cells, registry);
  assert.deepEqual(keys(cells, findings), ['2:1:PW101']);
  const [finding] = findings;
  assert.equal(cells[2].text.slice(finding.start, finding.end), 'pk.loads(payload)');
});

test('a finding in a later cell lands on its own line and columns, whatever magics come before', async () => {
  const cells = [python('%pip install pyyaml\nimport yaml\n!ls'), python('\n\nconfig = yaml.load(stream)\n')];
  const { findings } = await analyzeNotebookCells(cells, registry);
  assert.deepEqual(keys(cells, findings), ['1:3:PW104']);
  assert.equal(cells[1].text.slice(findings[0].start, findings[0].end), 'yaml.load(stream)');
});

test('calls inside shell escapes and non-Python cell magics are not analysed; a %%time body is', async () => {
  const cells = [python('import pickle\n!python -c "pickle.loads(x)"\nx = !cat data | python -c "eval(1)"'), python('%%bash\npython -c "import pickle; pickle.loads(b)"'), python('%%time\npickle.loads(blob)')];
  const { findings } = await analyzeNotebookCells(cells, registry);
  assert.deepEqual(keys(cells, findings), ['2:2:PW101']);
});

test('without Python cells there is nothing to analyse', async () => {
  const { program, findings } = await analyzeNotebookCells([markdown('pickle.loads(x)'), { text: 'eval(x)', language: 'julia' }], registry);
  assert.equal(program.text, '');
  assert.deepEqual(findings, []);
});

test('a suppression comment in a cell applies to its line', async () => {
  const cells = [python('import pickle'), python('pickle.loads(a)  # pyward: ignore[PW101]\npickle.loads(b)')];
  const { findings } = await analyzeNotebookCells(cells, registry);
  assert.deepEqual(keys(cells, findings), ['1:2:PW101']);
});

test('a finding is clamped to the cell it starts in', () => {
  const program = NotebookProgram.build([python('a = (1,'), python('2)')]);
  const mapped = program.mapFinding({ ruleId: 'PW999', start: 4, end: 10, message: 'm', severity: 'low', confidence: 'low' });
  assert.deepEqual([mapped?.cell, mapped?.start, mapped?.end], [0, 4, 7]);
});

test('findings that lie entirely in a blanked line are dropped, unless kept (a secret on a !curl line)', () => {
  const program = NotebookProgram.build([python('!curl -H "Authorization: x" https://example.com\nimport os')]);
  const inMagic = { ruleId: 'PW001', start: 10, end: 20, message: 'm', severity: 'low' as const, confidence: 'low' as const };
  assert.equal(program.mapFinding(inMagic), undefined);
  assert.equal(program.mapFinding(inMagic, () => true)?.start, 10);
  assert.equal(program.mapFinding({ ...inMagic, start: 48, end: 57 })?.start, 48);
});

test('a fix is mapped to the cells it edits: the call in its cell, the added import at the program top', async () => {
  const cells = [python('x = 1'), markdown('text'), python('\nvalue = eval(s)\n')];
  const { findings } = await analyzeNotebookCells(cells, registry, { withFixes: true });
  const finding = findings.find((f) => f.ruleId === 'PW201' || /eval/.test(cells[f.cell].text.slice(f.start, f.end)));
  assert.ok(finding, `findings: ${keys(cells, findings).join(', ')}`);
  const fix = finding.fixes?.find((f) => /literal_eval/.test(f.title));
  assert.ok(fix, `fixes: ${finding.fixes?.map((f) => f.title).join(', ')}`);
  assert.deepEqual(applyCellEdits(cells, fix.edits), ['import ast\nx = 1', 'text', '\nvalue = ast.literal_eval(s)\n']);

  const fixed = applyCellEdits(cells, fix.edits).map((text, i) => ({ text, language: cells[i].language }));
  const after = await analyzeNotebookCells(fixed, registry);
  assert.deepEqual(keys(fixed, after.findings), []);
  assert.ok(await parsesCleanly(NotebookProgram.build(fixed).text));
});

test('an added import goes after the leading imports (sorted after them), even when they end a cell', async () => {
  const cells = [python('import abc'), python('value = eval(s)')];
  const { findings } = await analyzeNotebookCells(cells, registry, { withFixes: true });
  const fix = findings[0]?.fixes?.find((f) => /literal_eval/.test(f.title));
  assert.ok(fix);
  assert.deepEqual(applyCellEdits(cells, fix.edits), ['import abc\nimport ast', 'value = ast.literal_eval(s)']);
});

test('an import is never added above a cell magic: it goes to the next cell that can take it', async () => {
  const cells = [python('%%bash\necho hi'), python('%%capture\nvalue = eval(s)')];
  const program = NotebookProgram.build(cells);
  assert.deepEqual(program.mapEdit({ start: 0, end: 0, newText: 'import ast\n' }), undefined, 'every cell starts with a cell magic');
  const three = [python('%%bash\necho hi'), markdown('m'), python('value = eval(s)')];
  const edit = NotebookProgram.build(three).mapEdit({ start: 0, end: 0, newText: 'import ast\n' });
  assert.deepEqual(edit, { cell: 2, start: 0, end: 0, newText: 'import ast\n' });
});

test('an edit spanning two cells drops the fix; one taking the separating newline is clamped', () => {
  const program = NotebookProgram.build([python('a = 1'), python('b = 2')]);
  assert.equal(program.mapFix(safeFix('t', [{ start: 2, end: 8, newText: '' }])), undefined);
  assert.deepEqual(program.mapEdit({ start: 0, end: 6, newText: '' }), { cell: 0, start: 0, end: 5, newText: '' });
  assert.deepEqual(program.mapEdit({ start: 6, end: 7, newText: 'c' }), { cell: 1, start: 0, end: 1, newText: 'c' });
});

test('a secret on a shell escape line is still reported (the other findings there are not)', async () => {
  // A GitHub token shape with a valid checksum, made up here.
  const body = 'Q7vK2mX9pL4rT8wZ3nB6cY1hF5jD0s';
  const token = `ghp_${body}${base62(crc32(body), 6)}`;
  const cells = [python(`!curl -H "Authorization: token ${token}" https://api.github.com/user  # pyward: ignore[PW101]`)];
  const { findings } = await analyzeNotebookCells(cells, registry);
  assert.deepEqual(
    findings.map((f) => [f.ruleId, cells[0].text.slice(f.start, f.end)]),
    [['PWS103', token]],
  );
  assert.ok(!findings[0].message.includes(token));
});
