// tree-sitter's runtime as the server loads it (grammars/web-tree-sitter.wasm and .cjs, patched
// by scripts/tree-sitter-runtime.mjs): typing at the end of a block reuses what follows it,
// every incremental parse still equals a parse from scratch, and the glue's nodes are the
// stock package's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Node, Tree } from 'web-tree-sitter';
import { Edit, grammarsDirectory, type Parser, Query } from '../../server/src/engine/tree-sitter';
import { loadPython, parse } from '../../server/src/engine/python';

/** Two classes: typing happens at the end of `Before.last`, the last statement of its class. */
const SOURCE = `import yaml


class Before:
    def first(self):
        return 1

    def last(self, s):
        value = s.strip()
        return value


class After:
    """Everything here is unchanged by typing in Before.last."""

    def one(self, request):
        return request.GET.get("q")

    @property
    def two(self):
        if self.one(None):
            return [x for x in range(3)]
        return {"a": (1, 2)}


def tail():
    return f"{yaml.__name__}"
`;

function pointAt(text: string, offset: number): { row: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { row: before.length - 1, column: before[before.length - 1].length };
}

/** Inserts `inserted` at `offset`: edits the tree and parses incrementally. */
function insert(parser: Parser, tree: Tree, text: string, offset: number, inserted: string): { tree: Tree; text: string } {
  const next = text.slice(0, offset) + inserted + text.slice(offset);
  tree.edit(
    new Edit({
      startIndex: offset,
      oldEndIndex: offset,
      newEndIndex: offset + inserted.length,
      startPosition: pointAt(text, offset),
      oldEndPosition: pointAt(text, offset),
      newEndPosition: pointAt(next, offset + inserted.length),
    }),
  );
  return { tree: parse(parser, next, tree), text: next };
}

/** Every node's type, range, field and missing flag, in order. */
function shape(tree: Tree): string {
  const lines: string[] = [];
  const visit = (node: Node, field: string | null, depth: number): void => {
    lines.push(`${depth} ${node.type} ${node.startIndex}-${node.endIndex} ${field ?? ''}${node.isMissing ? ' missing' : ''}`);
    node.children.forEach((child, index) => child && visit(child, node.fieldNameForChild(index), depth + 1));
  };
  visit(tree.rootNode, null, 0);
  return lines.join('\n');
}

/** Tokens the parser lexed (rather than reused) in one parse. */
function lexedTokens(parser: Parser, parseOnce: () => Tree): { tree: Tree; lexed: number } {
  let lexed = 0;
  parser.setLogger((message) => {
    if (message.startsWith('lexed_lookahead')) lexed++;
  });
  try {
    return { tree: parseOnce(), lexed };
  } finally {
    parser.setLogger(null);
  }
}

test('typing a new last line of a block reuses the class after it instead of lexing it again', async () => {
  const python = await loadPython();
  const parser = python.createParser();
  let text = SOURCE;
  const fresh = lexedTokens(parser, () => parse(parser, text));
  // What follows the typed line (class After and tail()) is most of the file's tokens.
  assert.ok(fresh.lexed > 100, `${fresh.lexed} tokens in the file`);
  let tree = fresh.tree;
  let at = text.indexOf('        return value') + '        return value'.length;
  for (const key of ['\n        ', ...'x = yaml.load(s)']) {
    const typed = lexedTokens(parser, () => insert(parser, tree, text, at, key).tree);
    tree = typed.tree;
    text = text.slice(0, at) + key + text.slice(at);
    at += key.length;
    assert.ok(typed.lexed <= 15, `typing ${JSON.stringify(key)} lexed ${typed.lexed} tokens`);
  }
  assert.equal(shape(tree), shape(parse(python.createParser(), text)));
  assert.ok(text.includes('        return value\n        x = yaml.load(s)\n\n\nclass After'));
});

test('incremental parses equal parses from scratch while lines are typed at the end of every block', async () => {
  const python = await loadPython();
  // Ends of blocks at several depths, before a dedent of one or of several levels, and the file's end.
  const ends = [...SOURCE.matchAll(/(?<=[^\n])\n(?=\n|$)/g)].map((match) => match.index!);
  assert.ok(ends.length >= 5);
  let compared = 0;
  for (const end of ends) {
    const indent = /(?:^|\n)( *)[^\n]*$/.exec(SOURCE.slice(0, end))![1];
    for (const line of ['x = yaml.load(s)', 'if x:', 'call(a, [b', '"""doc', 'return (1,']) {
      const parser = python.createParser();
      let text = SOURCE;
      let tree = parse(parser, text);
      let at = end;
      for (const key of [`\n${indent}`, ...line]) {
        ({ tree, text } = insert(parser, tree, text, at, key));
        at += key.length;
        assert.equal(shape(tree), shape(parse(python.createParser(), text)), `typing ${JSON.stringify(line)} at offset ${end}`);
        compared++;
      }
      tree.delete();
      parser.delete();
    }
  }
  assert.ok(compared > 300);
});

/** Everything the analysis asks of nodes, through one copy of the glue or the other. */
function nodeReport(tree: Tree, captures: { name: string; node: Node }[]): string {
  const lines: string[] = [];
  const visit = (node: Node): void => {
    const fields = ['name', 'body', 'function', 'arguments', 'left', 'right', 'value', 'object', 'attribute']
      .map((field) => `${field}=${node.childForFieldName(field)?.startIndex ?? '-'}`).join(',');
    lines.push(`${node.type} ${node.startIndex}-${node.endIndex} ${node.startPosition.row}:${node.startPosition.column} parent=${node.parent?.startIndex ?? '-'} named=${node.namedChildren.length} next=${node.nextSibling?.type ?? '-'} ${fields} ${node.isNamed ? 'n' : ''}${node.hasError ? 'e' : ''}`);
    node.children.forEach((child) => child && visit(child));
  };
  visit(tree.rootNode);
  lines.push(tree.rootNode.descendantsOfType(['call', 'string', 'identifier']).map((node) => `${node.type}@${node.startIndex}`).join(' '));
  lines.push(captures.map(({ name, node }) => `${name}:${node.type}@${node.startIndex}-${node.endIndex}`).join(' '));
  const cursor = tree.walk();
  const walked: string[] = [];
  for (let more = true; more; ) {
    walked.push(`${cursor.nodeType}${cursor.currentFieldName ?? ''}@${cursor.startIndex}`);
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) { more = false; break; }
  }
  cursor.delete();
  lines.push(walked.join(' '));
  return lines.join('\n');
}

test('the patched glue answers every node question as the stock web-tree-sitter package does', async () => {
  const python = await loadPython();
  // The package as published, with its own WebAssembly instance beside the server's.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const stock = require('web-tree-sitter') as typeof import('web-tree-sitter');
  await stock.Parser.init();
  const stockLanguage = await stock.Language.load(join(grammarsDirectory(), 'tree-sitter-python.wasm'));
  const stockParser = new stock.Parser();
  stockParser.setLanguage(stockLanguage);
  const querySource = '(function_definition name: (identifier) @name) (call function: (_) @callee) (string) @string';
  const patchedQuery = new Query(python.language, querySource);
  const stockQuery = new stock.Query(stockLanguage, querySource);
  // Text beyond ASCII crosses into the parser as UTF-16 in chunks of 5,119 code units: many
  // chunks of characters outside the Basic Multilingual Plane (surrogate pairs) and a lone surrogate.
  const unicode = Array.from({ length: 800 }, (_, i) => `naïve_${i} = "été 🐍 ${'\ud800'} 中文" + ${'𝔵'.repeat(i % 7)}x${i}  # ${'—'.repeat(i % 5)}\n`).join('');
  const sources = [SOURCE, unicode, ...pythonFixtures().map((file) => readFileSync(file, 'utf8'))];
  assert.ok(sources.length > 20, `${sources.length} sources`);
  for (const source of sources) {
    // Invalid code too: error nodes and missing tokens cross the same way.
    for (const text of [source, source.replace(/\):/, '(:')]) {
      const patched = parse(python.createParser(), text);
      const reference = stockParser.parse(text)!;
      assert.equal(nodeReport(patched, patchedQuery.captures(patched.rootNode)), nodeReport(reference, stockQuery.captures(reference.rootNode)));
      patched.delete();
      reference.delete();
    }
  }
});

/** The Python files of the test fixtures: real-looking code written for other tests. */
function pythonFixtures(): string[] {
  const root = join(__dirname, '..', '..', '..', 'test', 'fixtures');
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.py')).map((file) => join(root, file)).sort();
}
