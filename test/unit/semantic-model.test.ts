// Name resolution through imports, aliases and Python's scoping rules, and literal values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from 'web-tree-sitter';
import { FileAnalysis } from '../../server/src/engine/analysis';
import { loadPython, parse } from '../../server/src/engine/python';
import type { SemanticModel } from '../../server/src/engine/semantic/model';
import { registry } from '../helpers';

/** The model of `text`, and a way to find the callee of the call written as `marker`. */
async function modelOf(text: string) {
  const python = await loadPython();
  const tree = parse(python.createParser(), text);
  const analysis = new FileAnalysis(registry, python);
  analysis.analyzeAll(tree, text);
  const model: SemanticModel = analysis.model(tree);
  const callee = (marker: string, occurrence = 0): Node => {
    let at = -1;
    for (let i = 0; i <= occurrence; i++) at = text.indexOf(marker, at + 1);
    assert.notEqual(at, -1, `marker ${marker} not found`);
    const call = tree.rootNode.descendantsOfType('call').find((c) => c!.startIndex === at);
    assert.ok(call, `no call starts at ${marker}`);
    return call.childForFieldName('function')!;
  };
  const resolve = (marker: string, occurrence = 0) => model.resolve(callee(marker, occurrence));
  const argument = (marker: string, keyword: string) => {
    const call = callee(marker).parent!;
    const arg = call.childForFieldName('arguments')!.namedChildren.find((a) => a?.type === 'keyword_argument' && a.childForFieldName('name')!.text === keyword);
    return model.literal(arg!.childForFieldName('value')!);
  };
  return { resolve, argument };
}

test('imports, aliases and dotted modules resolve to qualified names', async () => {
  const { resolve } = await modelOf(`import pickle as pk
from yaml import load as yl
import xml.etree.ElementTree as ET
from subprocess import Popen
import os.path
pk.loads(a)
yl(b)
ET.parse(c)
Popen(d)
os.path.join(e)
`);
  assert.equal(resolve('pk.loads'), 'pickle.loads');
  assert.equal(resolve('yl('), 'yaml.load');
  assert.equal(resolve('ET.parse'), 'xml.etree.ElementTree.parse');
  assert.equal(resolve('Popen('), 'subprocess.Popen');
  assert.equal(resolve('os.path.join'), 'os.path.join');
});

test('aliases through assignment, including objects built by a call', async () => {
  const { resolve } = await modelOf(`import pickle, requests
loads = pickle.loads
session = requests.Session()
loads(x)
session.get(u)
`);
  assert.equal(resolve('loads(x)'), 'pickle.loads');
  assert.equal(resolve('session.get'), 'requests.Session().get');
});

test('parameters, local definitions and later rebinding shadow imports', async () => {
  const { resolve } = await modelOf(`from pickle import load

def uses_parameter(load):
    load(1)

def uses_module_name():
    load(2)

load(3)

def load(x):
    return x

load(4)
`);
  assert.equal(resolve('load(1)'), undefined, 'a parameter is not pickle.load');
  assert.equal(resolve('load(2)'), undefined, "a function body sees the module's last binding: the local def");
  assert.equal(resolve('load(3)'), 'pickle.load', 'straight-line code before the def sees the import');
  assert.equal(resolve('load(4)'), undefined);
});

test('function-local imports, class bodies, globals, comprehensions and lambdas', async () => {
  const { resolve } = await modelOf(`import json as serializer

def local_import(data):
    import pickle as serializer
    return serializer.loads(data)

class Config:
    import yaml as serializer
    def method(self, data):
        return serializer.loads(data)

def with_global():
    global serializer
    serializer.loads(1)

def rebinds():
    serializer = None
    serializer.loads(2)

values = [serializer.loads(v) for serializer in codecs]
handler = lambda serializer: serializer.loads(3)
serializer.loads(4)
`);
  assert.equal(resolve('serializer.loads(data)'), 'pickle.loads');
  assert.equal(resolve('serializer.loads(data)', 1), 'json.loads', 'class scope is not visible from methods');
  assert.equal(resolve('serializer.loads(1)'), 'json.loads');
  assert.equal(resolve('serializer.loads(2)'), undefined);
  assert.equal(resolve('serializer.loads(v)'), undefined, 'the comprehension variable');
  assert.equal(resolve('serializer.loads(3)'), undefined, 'the lambda parameter');
  assert.equal(resolve('serializer.loads(4)'), 'json.loads');
});

test('builtins resolve unless shadowed; a single star import supplies unknown names', async () => {
  const { resolve } = await modelOf(`from os import *
eval(a)
system(b)

def shadowed():
    def eval(x):
        return x
    eval(c)
`);
  assert.equal(resolve('eval(a)'), 'builtins.eval');
  assert.equal(resolve('system(b)'), 'os.system');
  assert.equal(resolve('eval(c)'), undefined);
});

test('literal values, directly and through names bound once', async () => {
  const { argument } = await modelOf(`sh = True
twice = True
twice = False
n = -3
msg = "a" "b"
run(c, shell=sh)
run(c, shell=twice)
run(c, shell=None)
run(c, timeout=n)
run(c, text=msg)
run(c, text=f"{msg}")
`);
  assert.deepEqual(argument('run(c, shell=sh)', 'shell'), { value: true });
  assert.equal(argument('run(c, shell=twice)', 'shell'), undefined, 'bound twice: unknown');
  assert.deepEqual(argument('run(c, shell=None)', 'shell'), { value: null });
  assert.deepEqual(argument('run(c, timeout=n)', 'timeout'), { value: -3 });
  assert.deepEqual(argument('run(c, text=msg)', 'text'), { value: 'ab' });
  assert.equal(argument('run(c, text=f"', 'text'), undefined, 'an f-string with interpolation is not a literal');
});
