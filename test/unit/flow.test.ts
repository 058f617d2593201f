// Data flow in the engine: upgrades of pattern findings, sanitized arguments, trust levels,
// sinks of rules not registered, the project's own models, incremental summaries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PythonDocument } from '../../server/src/engine/document';
import type { Finding } from '../../server/src/engine/finding';
import { flowConfigFrom } from '../../server/src/engine/flow/config';
import { analyzePython } from '../../server/src/engine/index';
import { RuleRegistry } from '../../server/src/engine/registry';
import { ALL_RULES } from '../../server/src/rules/index';
import { lineOf, registry } from '../helpers';

function rangeOf(text: string, start: number, end: number) {
  const position = (offset: number) => {
    const before = text.slice(0, offset);
    return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
  };
  return { start: position(start), end: position(end) };
}

const traced = (findings: readonly Finding[]) => findings.filter((f) => f.traced);

/** The traced findings of a module at `path` (not a test), as `line:rule`. */
async function tracedAt(text: string, path: string): Promise<string[]> {
  return traced(await analyzePython(text, registry, { file: { path, isTest: false } })).map((f) => `${lineOf(text, f.start)}:${f.ruleId}`);
}

test('a flow upgrades the rule\'s own finding at the sink: one finding, high, with the path', async () => {
  const text = 'from flask import request\n\ndef orders(cursor):\n    name = request.args["name"]\n    cursor.execute(f"SELECT * FROM t WHERE name = \'{name}\'")\n';
  const withoutFlow = (await analyzePython(text, registry, { flow: false })).filter((f) => f.ruleId === 'PW401');
  const withFlow = (await analyzePython(text, registry)).filter((f) => f.ruleId === 'PW401');
  assert.equal(withoutFlow.length, 1);
  assert.equal(withFlow.length, 1, 'never a second finding beside the pattern one');
  const [finding] = withFlow;
  assert.equal(finding.start, withoutFlow[0].start);
  assert.deepEqual([finding.severity, finding.confidence, finding.traced], ['high', 'high', true]);
  assert.match(finding.message, /^`request\.args\["name"\]` \(line 4\) reaches `cursor\.execute`/);
  assert.deepEqual(finding.flow!.map((step) => step.line + 1), [4, 4, 5]);
});

test('two sources into one sink: one finding that names the first and counts the other, a path for each', async () => {
  const text = 'from flask import request\n\ndef orders(cursor):\n    name = request.args["name"]\n    kind = request.form["kind"]\n    query = f"SELECT * FROM t WHERE name = \'{name}\'"\n    query += f" AND kind = \'{kind}\'"\n    cursor.execute(query)\n';
  const findings = (await analyzePython(text, registry)).filter((f) => f.ruleId === 'PW401');
  assert.equal(findings.length, 1, 'one finding per sink');
  const [finding] = findings;
  assert.match(finding.message, /^`request\.args\["name"\]` \(line 4\) and 1 other source reach `cursor\.execute`/);
  assert.equal(finding.flow![0].line + 1, 4);
  assert.equal(finding.moreFlows?.length, 1);
  assert.equal(finding.moreFlows![0][0].line + 1, 5, 'the other path starts at the other source');
  assert.equal(finding.moreFlows![0].at(-1)!.line + 1, 8, 'and ends at the same sink');
  // One source reaching the sink along two paths is one source: no second path.
  const once = 'from flask import request\n\ndef orders(cursor, flag):\n    name = request.args["name"]\n    query = f"SELECT {name}" if flag else f"SELECT * FROM {name}"\n    cursor.execute(query)\n';
  const [single] = (await analyzePython(once, registry)).filter((f) => f.ruleId === 'PW401');
  assert.equal(single.moreFlows, undefined);
  assert.match(single.message, / reaches `cursor\.execute`/);
});

test('a pattern finding whose argument is sanitized drops to low confidence', async () => {
  const text = 'import uuid\nfrom flask import request\n\ndef orders(cursor):\n    key = uuid.UUID(request.args["key"])\n    cursor.execute(f"SELECT * FROM t WHERE key = \'{key}\'")\n';
  const [pattern] = (await analyzePython(text, registry, { flow: false })).filter((f) => f.ruleId === 'PW401');
  assert.equal(pattern.confidence, 'medium');
  const [finding] = (await analyzePython(text, registry)).filter((f) => f.ruleId === 'PW401');
  assert.equal(finding.confidence, 'low');
  assert.equal(finding.traced, undefined);
});

test('a parameter sanitized before the sink lowers the pattern finding, in a function without a source word too', async () => {
  const text = 'from django.utils.html import conditional_escape\nfrom django.utils.safestring import mark_safe\n\ndef label(contents):\n    contents = conditional_escape(contents)\n    return mark_safe(contents)\n\ndef raw(contents):\n    return mark_safe(contents)\n';
  const confidences = (findings: readonly { ruleId: string; start: number; confidence: string }[]) => findings.filter((f) => f.ruleId === 'PW804').map((f) => [lineOf(text, f.start), f.confidence]);
  assert.deepEqual(confidences(await analyzePython(text, registry, { flow: false })), [[6, 'medium'], [9, 'medium']]);
  assert.deepEqual(confidences(await analyzePython(text, registry)), [[6, 'low'], [9, 'medium']]);
  // The same in the editor, after an edit elsewhere in the file.
  const document = await PythonDocument.open('file:///labels.py', 1, text, registry);
  document.analyze();
  const at = text.indexOf('def raw');
  document.applyChanges([{ range: rangeOf(text, at, at), text: '\n' }], 2);
  assert.deepEqual(confidences(document.analyze()).map(([, confidence]) => confidence), ['low', 'medium']);
  document.dispose();
});

test('local input is one step lower than remote input; the environment is off by default', async () => {
  const text = 'import os, sys\n\neval(sys.argv[1])\neval(os.environ["EXPR"])\n';
  const findings = (await analyzePython(text, registry)).filter((f) => f.ruleId === 'PW202');
  assert.deepEqual(findings.map((f) => [lineOf(text, f.start), f.traced ?? false, f.severity]), [[3, true, 'medium'], [4, false, 'medium']]);
  const withEnvironment = (await analyzePython(text, registry, { file: { isTest: false, flow: { environment: true } } })).filter((f) => f.ruleId === 'PW202');
  assert.deepEqual(withEnvironment.map((f) => [lineOf(text, f.start), f.traced ?? false, f.severity]), [[3, true, 'medium'], [4, true, 'medium']]);
});

test('sinks of rules not registered are skipped, and report once the rule exists', async () => {
  const text = 'from flask import request, render_template_string\n\ndef page():\n    return render_template_string("<h1>" + request.args["t"] + "</h1>")\n';
  const withoutSsti = new RuleRegistry(ALL_RULES.filter((rule) => rule.meta.id !== 'PW812'));
  assert.deepEqual(traced(await analyzePython(text, withoutSsti)), []);
  const findings = traced(await analyzePython(text, new RuleRegistry(ALL_RULES)));
  assert.deepEqual(findings.map((f) => [f.ruleId, lineOf(text, f.start), f.severity]), [['PW812', 4, 'high']]);
});

test('the project\'s own sources, sinks and sanitizers', async () => {
  const text = 'from mypkg.http import current_request\nfrom mypkg.db import run_sql, quote_ident\n\ndef view():\n    run_sql("SELECT " + current_request().column)\n    run_sql("SELECT " + quote_ident(current_request().column))\n';
  assert.deepEqual(traced(await analyzePython(text, registry)), []);
  const flow = flowConfigFrom({ sources: ['mypkg.http.current_request'], sinks: ['sql:mypkg.db.run_sql'], sanitizers: ['mypkg.db.quote_ident'] });
  const findings = traced(await analyzePython(text, registry, { file: { isTest: false, flow } }));
  assert.deepEqual(findings.map((f) => [f.ruleId, lineOf(text, f.start)]), [['PW401', 5]]);
});

test('model output reaching exec is high severity and says it is model output', async () => {
  const text = 'from openai import OpenAI\nclient = OpenAI()\n\ndef act(q):\n    reply = client.chat.completions.create(model="m", messages=[])\n    exec(reply.choices[0].message.content)\n';
  const [finding] = traced(await analyzePython(text, registry));
  assert.equal(finding.ruleId, 'PW201');
  assert.equal(finding.severity, 'high');
  assert.match(finding.message, /^model output /);
});

test('a guard cleans the value where it holds, not elsewhere', async () => {
  const text = [
    'from flask import request',
    'import subprocess',
    'ALLOWED = {"a", "b"}',
    'def view():',
    '    x = request.args["x"]',
    '    if x in ALLOWED:',
    '        subprocess.run(x, shell=True)',
    '    subprocess.run(x, shell=True)',
    '    if x not in ALLOWED:',
    '        raise ValueError(x)',
    '    subprocess.run(x, shell=True)',
    '',
  ].join('\n');
  const findings = traced(await analyzePython(text, registry));
  assert.deepEqual(findings.map((f) => lineOf(text, f.start)), [8]);
});

test('a condition that is false only when the value is checked or empty cleans it; one that may be false for another reason does not', async () => {
  const text = [
    'from flask import request, redirect',
    'from django.utils.http import url_has_allowed_host_and_scheme',
    'def checked_or_empty():',
    '    url = request.args.get("next")',
    '    if (url or request.is_json) and not url_has_allowed_host_and_scheme(url, None):',
    '        url = "/"',
    '    return redirect(url)',
    'def unrelated_condition(debug):',
    '    url = request.args.get("next")',
    '    if debug and not url_has_allowed_host_and_scheme(url, None):',
    '        url = "/"',
    '    return redirect(url)',
    'def either_check():',
    '    url = request.args.get("next")',
    '    if url in ("/", "/home") or url == "/start":',
    '        return redirect(url)',
    '    if url is None:',
    '        return redirect(url)',
    '    return "no"',
    '',
  ].join('\n');
  const findings = traced(await analyzePython(text, registry));
  assert.deepEqual(findings.map((f) => `${lineOf(text, f.start)}:${f.ruleId}`), ['12:PWT003'], 'only where `debug` being false leaves url unchecked');
});

test('a percent-encoded query string and a model\'s class metadata carry no input to a redirect; the instance\'s fields do', async () => {
  const text = [
    'from django.http import HttpResponseRedirect',
    'from django.utils.http import urlencode',
    'from myapp.urls import with_filters',
    'def keep_filters(request):',
    '    return HttpResponseRedirect(request.path + "?" + request.GET.urlencode())',
    'def keep_one(request):',
    '    return HttpResponseRedirect("/list/?" + urlencode({"q": request.GET.get("q")}))',
    'def saved(request, form):',
    '    obj = form.save(request.POST)',
    '    opts = obj._meta',
    '    return HttpResponseRedirect(with_filters(opts, "/done/"))',
    'def unsafe(request, form):',
    '    obj = form.save(request.POST)',
    '    return HttpResponseRedirect(obj.next_url)',
    '',
  ].join('\n');
  assert.deepEqual(await tracedAt(text, 'myapp/views.py'), ['14:PWT003']);
});

test('what the server sets, what a replace removes, a script response and rows found by a key carry no input; the rest does', async () => {
  const text = [
    'import json',
    'import logging',
    'from django.http import HttpResponse',
    'from django.shortcuts import redirect',
    'from .models import MailingList',
    'log = logging.getLogger(__name__)',
    'def peer(request):',
    '    log.warning("from %s" % request.META["REMOTE_ADDR"])',
    '    log.warning("from %s" % request.META.get("REMOTE_ADDR"))',
    '    log.warning("agent %s" % request.META["HTTP_USER_AGENT"])',
    'def moved(request, list_id):',
    '    return redirect(request.path.replace(list_id, "lists", 1))',
    'def moved_to(request, list_id):',
    '    return redirect("/lists/".replace("lists", list_id))',
    'def as_script(request):',
    '    return HttpResponse(json.dumps({"q": request.GET["q"]}), content_type="application/javascript")',
    'def as_page(request):',
    '    return HttpResponse(json.dumps({"q": request.GET["q"]}), content_type="text/html")',
    'def held(request, list_id):',
    '    mlist = MailingList.objects.get_or_404(fqdn_listname=list_id)',
    '    return HttpResponse(mlist.description)',
    '',
  ].join('\n');
  assert.deepEqual(await tracedAt(text, 'lists/views.py'), ['10:PWT008', '14:PWT003', '18:PWT004']);
});

test('views\' methods, rows looked up through querysets and model classes, rendered templates, encoded URLs', async () => {
  const text = [
    'import requests',
    'from urllib.parse import quote, urlencode',
    'from django.http import HttpResponse',
    'from django.shortcuts import loader, redirect',
    'from django.views import View',
    'from .models import Job',
    'class JobView(View):',
    '    def get(self, request, pk):',
    '        return HttpResponse("<p>%s</p>" % pk)',
    'class Adapter:',
    '    def complete_login(self, request, app, token, response):',
    '        return requests.get(response["links"]["account"], timeout=5)',
    'def job_page(request, pk):',
    '    job = Job.objects.select_for_update().get(pk=pk)',
    '    found = Job.get_by_number(pk)',
    '    return HttpResponse(job.log + found.log)',
    'def job_template(request, pk):',
    '    return HttpResponse(loader.get_template("job.html").render({"pk": pk}, request))',
    'def job_yaml(request, pk):',
    '    return HttpResponse("id: %s" % pk, content_type="application/yaml")',
    'def proxy(request):',
    '    return requests.get("https://api.example.com/?" + urlencode({"q": request.GET["q"]}), timeout=5)',
    'def go(request):',
    '    return redirect(quote(request.GET["next"]))',
    '',
  ].join('\n');
  assert.deepEqual(await tracedAt(text, 'jobs/views.py'), ['9:PWT004', '24:PWT003']);
});

test('a response the browser saves as a file is not reflected XSS; one it shows inline is', async () => {
  const text = [
    'from django.http import HttpResponse',
    'def report(request):',
    '    response = HttpResponse("<x>%s</x>" % request.GET["name"], content_type="application/xml")',
    '    response["Content-Disposition"] = (',
    '        "attachment; filename=report.xml"',
    '    )',
    '    return response',
    'def shown(request):',
    '    response = HttpResponse("<x>%s</x>" % request.GET["name"], content_type="application/xml")',
    '    response["Content-Disposition"] = "inline"',
    '    return response',
    '',
  ].join('\n');
  assert.deepEqual(await tracedAt(text, 'reports/views.py'), ['9:PWT004']);
});

test('a helper called only with constants is not a flow; one called with input is, through its name', async () => {
  const text = 'from flask import request\nimport os\n\ndef run(cmd):\n    os.system(cmd)\n\ndef safe():\n    run("ls")\n\ndef unsafe():\n    run(request.args["c"])\n';
  const findings = traced(await analyzePython(text, registry));
  assert.deepEqual(findings.map((f) => [f.ruleId, lineOf(text, f.start)]), [['PW302', 5]]);
  assert.match(findings[0].message, /through `run\(cmd\)`/, 'names the parameter the input goes into');
  assert.deepEqual(findings[0].flow!.map((s) => s.line + 1), [11, 11, 5]);
});

test('an edit inside one function recomputes that function (and its callers), not the others', async () => {
  const text = 'from flask import request\nimport os\n\ndef run(cmd):\n    os.system(cmd)\n\ndef a():\n    run(request.args["c"])\n\ndef b():\n    return len(request.args)\n\ndef c():\n    return 2\n';
  const document = await PythonDocument.open('file:///a.py', 1, text, registry);
  assert.equal(traced(document.analyze()).length, 1);
  const at = text.indexOf('len(request.args)');
  document.applyChanges([{ range: rangeOf(text, at, at + 3), text: 'str' }], 2);
  document.analyze();
  assert.deepEqual(document.flowRecomputed, ['b']);
  // Editing the helper's body changes its summary: its callers are computed again too.
  const sink = document.text.indexOf('os.system(cmd)');
  document.applyChanges([{ range: rangeOf(document.text, sink, sink + 'os.system(cmd)'.length), text: 'print(cmd)' }], 3);
  assert.equal(traced(document.analyze()).length, 0);
  assert.deepEqual(document.flowRecomputed.filter((id) => id !== '<module>').sort(), ['a', 'run']);
  document.dispose();
});

test('a source word in a string\'s markup (`<input>`, a CSS selector) is no reason to analyse a function', async () => {
  const text = [
    'import os',
    '',
    'def form():',
    '    html = \'<form><input type="text" name="q"></form>\'',
    '    os.system("ls")',
    '    return html.count(\'input[name=q]\')',
    '',
    'def prompt():',
    '    os.system(input())',
    '',
  ].join('\n');
  const document = await PythonDocument.open('file:///forms.py', 1, text, registry);
  assert.deepEqual(traced(document.analyze()).map((f) => lineOf(text, f.start)), [9]);
  assert.deepEqual(document.flowRecomputed.filter((id) => id !== '<module>'), ['prompt']);
  document.dispose();
});

test('top-level code is analysed only in a file that holds a source word somewhere', async () => {
  const plain = await PythonDocument.open('file:///plain.py', 1, 'import os\n\nos.system(CMD)\n\nclass A:\n    x = os.system(CMD)\n', registry);
  plain.analyze();
  assert.deepEqual(plain.flowRecomputed, []);
  plain.dispose();
  const text = 'import os, sys\n\nos.system(sys.argv[1])\n';
  const document = await PythonDocument.open('file:///cli.py', 1, text, registry);
  assert.deepEqual(traced(document.analyze()).map((f) => [f.ruleId, lineOf(text, f.start)]), [['PW302', 3]]);
  assert.deepEqual(document.flowRecomputed, ['<module>']);
  document.dispose();
});

test('a source word counts only in a file importing its module: `messages` is Anthropic\'s, `request` Flask\'s or Django\'s', async () => {
  const body = '\n\ndef notify(messages):\n    os.system(messages.pop())\n\ndef view(request):\n    return request.args\n\ndef ask():\n    return input()\n';
  const analysed = async (imports: string) => {
    const document = await PythonDocument.open('file:///m.py', 1, `import os\n${imports}${body}`, registry);
    document.analyze();
    const recomputed = document.flowRecomputed.filter((id) => id !== '<module>').sort();
    document.dispose();
    return recomputed;
  };
  // `input` is a builtin: it needs no import.
  assert.deepEqual(await analysed(''), ['ask']);
  assert.deepEqual(await analysed('import anthropic\n'), ['ask', 'notify']);
  assert.deepEqual(await analysed('from flask import jsonify\n'), ['ask', 'view']);
  // Imports anywhere count, in a function or a `try` too.
  assert.deepEqual(await analysed('try:\n    from django import http\nexcept ImportError:\n    pass\n'), ['ask', 'view']);
});

test('Django\'s `request` makes a function worth analysing as a parameter, not as a local variable', async () => {
  const text = [
    'from django.http import HttpResponse',
    'from django.test import RequestFactory',
    '',
    'def view(request):',
    '    return HttpResponse(request.GET["q"])',
    '',
    'def test_view():',
    '    request = RequestFactory().get("/", {"q": "x"})',
    '    assert request.GET["q"] == "x"',
    '',
  ].join('\n');
  const document = await PythonDocument.open('file:///app/views.py', 1, text, registry, { file: { path: 'app/views.py', isTest: false } });
  assert.deepEqual(traced(document.analyze()).map((f) => [f.ruleId, lineOf(text, f.start)]), [['PWT004', 5]]);
  // The test builds a request of its own: it holds no input.
  assert.deepEqual(document.flowRecomputed.filter((id) => id !== '<module>').sort(), ['view']);
  document.dispose();
});

const FLOW_BASE = `from flask import Flask, request, redirect
import os, subprocess, requests

app = Flask(__name__)

def helper(value):
    return value.strip()

def run(cmd):
    os.system(cmd)

@app.route("/a")
def a():
    url = helper(request.args["u"])
    requests.get(url, timeout=5)
    run(request.form["c"])
    return redirect(request.args.get("next"))

class View:
    def get(self, request, pk):
        self.go(pk)

    def go(self, value):
        eval(value)
`;

const FLOW_SNIPPETS = [
  'request.args["x"]', 'int(', ')', 'run(', 'helper(', 'eval(', 'os.system(', '\n', '    ', 'return ', 'x = ', 'def f(v):\n    ', '#', '"', 'if v in SAFE:\n        ',
  'url', 'value', 'cmd', 'self.go(', 'from .helpers import run\n', 'raise ValueError()\n', 'shlex.quote(', 'import shlex\n', ' + ', 'f"{', '}"',
];

const fullKeys = (text: string, findings: readonly Finding[]) =>
  findings.filter((f) => f.traced || f.confidence === 'low').map((f) => JSON.stringify([lineOf(text, f.start), f.ruleId, f.start, f.end, f.severity, f.confidence, f.message, f.flow])).sort();

/** Random edits of `base` from `snippets`, each analysed incrementally and checked against a fresh analysis. */
async function randomEditsEqualFresh(base: string, snippets: readonly string[], seed0: number, path = 'a.py'): Promise<void> {
  let seed = seed0;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const options = { file: { path, isTest: false } };
  const document = await PythonDocument.open(`file:///${path}`, 1, base, registry, options);
  document.analyze();
  for (let step = 0; step < 150; step++) {
    let text = document.text;
    const start = random(text.length + 1);
    const end = Math.min(text.length, start + (random(3) === 0 ? random(30) : 0));
    const inserted = random(4) === 0 ? '' : snippets[random(snippets.length)];
    document.applyChanges([{ range: rangeOf(text, start, end), text: inserted }], step + 2);
    text = text.slice(0, start) + inserted + text.slice(end);
    const incremental = fullKeys(text, document.analyze());
    const fresh = fullKeys(text, await analyzePython(text, registry, options));
    assert.deepEqual(incremental, fresh, `step ${step}:\n${text}`);
  }
  document.dispose();
}

for (const seed of [3, 99]) {
  test(`flow after random edits (seed ${seed}) equals a fresh analysis: messages, severities and paths`, () => randomEditsEqualFresh(FLOW_BASE, FLOW_SNIPPETS, seed));
}

/** A Django views module whose functions read module names: allow-lists, aliases, an enum, calls between views. */
const MODULE_READS_BASE = `import os
from enum import Enum
from django.http import HttpResponse

ALLOWED = {"ls", "df"}
runner = os.system

class Color(str, Enum):
    RED = "red"

def show(request, name):
    if name in ALLOWED:
        runner(name)
    os.system(name)
    return HttpResponse("ok")

def pick(request, color: Color):
    os.system(color)

class Page:
    def get(self, request, slug):
        response = self.render(slug)
        return HttpResponse(response)
`;

const MODULE_READS_SNIPPETS = [
  'ALLOWED = set(name)\n', 'runner = print\n', 'os = None\n', 'import os\n', 'class Color:\n    pass\n', 'show(request, "x")\n', 'self.show(', '(', ')',
  'def runner(v):\n    return v\n', 'from shlex import quote as runner\n', '    ', '\n', 'name', 'slug', '#', '"', ', Enum', 'global ALLOWED\n', 'from x import *\n',
];

for (const seed of [7, 42]) {
  test(`flow after random edits of module names its functions read (seed ${seed}) equals a fresh analysis`, () => randomEditsEqualFresh(MODULE_READS_BASE, MODULE_READS_SNIPPETS, seed, 'app/views.py'));
}

/** Opens `text`, applies `edits` (offset, removed length, inserted text) one analysis each; returns the document. */
async function editedDocument(text: string, path?: string) {
  const options = path ? { file: { path, isTest: false } } : {};
  const document = await PythonDocument.open(`file:///${path ?? 'a.py'}`, 1, text, registry, options);
  document.analyze();
  let version = 1;
  return {
    document,
    /** Replaces the first occurrence of `from` with `to`; returns the traced findings as `line:rule`, checked against a fresh analysis. */
    async replace(from: string, to: string): Promise<string[]> {
      const current = document.text;
      const start = current.indexOf(from);
      assert.ok(start >= 0, `no ${JSON.stringify(from)} in the text`);
      document.applyChanges([{ range: rangeOf(current, start, start + from.length), text: to }], ++version);
      const next = current.slice(0, start) + to + current.slice(start + from.length);
      const incremental = document.analyze();
      const fresh = await analyzePython(next, registry, options);
      assert.deepEqual(fullKeys(next, incremental), fullKeys(next, fresh), 'incremental equals fresh');
      return traced(incremental).map((f) => `${lineOf(next, f.start)}:${f.ruleId}`);
    },
    recomputed: () => document.flowRecomputed.filter((id) => id !== '<module>').sort(),
  };
}

const GUARDED = `import os
from flask import request

SAFE = {"ls", "df"}

def run():
    cmd = request.args["c"]
    if cmd in SAFE:
        os.system(cmd)

def other():
    os.system(request.args["o"])

class Later:
    def method(self):
        response = self.client.get("/x", {"a": 1})
        x = 1
        self.assertEqual(response.status_code, 200)


@override_settings(ROOT_URLCONF="urls")
class After:
    def third(self):
        os.system(request.args["a"])
`;

test('a function\'s cached flow survives top-level changes it does not read: `(` swallowing the class below', async () => {
  const edited = await editedDocument(GUARDED);
  assert.deepEqual(await edited.replace('        x = 1\n', '        x = yaml.load(\n'), ['12:PW302', '24:PW302']);
  // Error recovery reads the class below as part of this one: the top-level code changed, but
  // `run` and `other` read none of it (their module names keep their bindings).
  assert.deepEqual(edited.recomputed(), ['Later.third']);
  assert.deepEqual(await edited.replace('yaml.load(\n', 'yaml.load()\n'), ['12:PW302', '24:PW302']);
  edited.document.dispose();
});

test('a function\'s cached flow is analysed again when a module binding it read changes', async () => {
  const edited = await editedDocument(GUARDED);
  // The allow-list grows: `run` read it (the guard), so it is analysed again; `other` did not.
  assert.deepEqual(await edited.replace('{"ls", "df"}', '{"ls", "df", "du"}'), ['12:PW302', '24:PW302']);
  assert.deepEqual(edited.recomputed(), ['run']);
  // A module name rebinding the one they call (`os`, below its import): all three analysed again.
  assert.deepEqual(await edited.replace('SAFE = {"ls", "df", "du"}', 'SAFE = {"ls"}\nos = None'), []);
  assert.deepEqual(edited.recomputed(), ['After.third', 'other', 'run']);
  edited.document.dispose();

  const aliased = await editedDocument('import os\nfrom flask import request\n\nrunner = os.system\n\ndef go():\n    runner(request.args["c"])\n');
  assert.deepEqual(await aliased.replace('runner = os.system', 'runner = print'), []);
  assert.deepEqual(await aliased.replace('runner = print', 'runner = os.system'), ['7:PW302']);
  aliased.document.dispose();
});

test('whether a Django view is called elsewhere in its module is read again when another function changes', async () => {
  const text = 'import os\nfrom django.http import HttpResponse\n\ndef show(request, name):\n    os.system(name)\n    return HttpResponse("ok")\n\ndef other(request):\n    return HttpResponse("x")\n';
  const edited = await editedDocument(text, 'app/views.py');
  assert.deepEqual(await edited.replace('return HttpResponse("x")', 'return HttpResponse("y")'), ['5:PW302']);
  // Called by another function of the module, `show` is a helper, not a view: `name` is no URL argument.
  assert.deepEqual(await edited.replace('return HttpResponse("y")', 'return show(request, "motd")'), []);
  assert.deepEqual(await edited.replace('return show(request, "motd")', 'return HttpResponse("z")'), ['5:PW302']);
  edited.document.dispose();
});

test('a function without a source of its own is followed when it calls a helper that returns one', async () => {
  const text = 'from flask import request\nimport os\n\ndef wanted():\n    return request.args["w"]\n\ndef job():\n    os.system("run " + wanted())\n';
  const findings = traced(await analyzePython(text, registry));
  assert.deepEqual(findings.map((f) => [f.ruleId, lineOf(text, f.start)]), [['PW302', 8]]);
  assert.match(findings[0].message, /^`request\.args\["w"\]` \(line 5\)/);
});

test('chained assignments carry taint to every target; an inner annotation without a value ends the chain', async () => {
  const chained = 'import os\nfrom flask import request\n\ndef run():\n    a = b = request.args["c"]\n    os.system(a)\n    os.system(b)\n';
  assert.equal(traced(await analyzePython(chained, registry)).length, 2);
  // `a = b: int` parses as an assignment whose right side is an annotation with no value: this
  // once looped forever while looking for the chain's value.
  const annotated = 'import os\n\ndef run():\n    a = b: int\n    os.system(a)\n';
  assert.equal(traced(await analyzePython(annotated, registry)).length, 0);
  const long = `from flask import request\nimport os\n\ndef run():\n    ${Array.from({ length: 2_000 }, (_, i) => `v${i} = `).join('')}request.args["c"]\n    os.system(v1999)\n`;
  assert.equal(traced(await analyzePython(long, registry)).length, 1);
});

test('a request object passed to a helper is input where the helper reads its untrusted fields', async () => {
  const text = [
    'from django.db import connection',
    '',
    'def term_of(req):',
    '    return req.GET["q"]',
    '',
    'def user_of(req):',
    '    return req.user.username',
    '',
    'def run_query(req, cursor):',
    '    cursor.execute("SELECT * FROM t WHERE a = \'" + req.POST["a"] + "\'")',
    '',
    'def search(request, cursor):',
    '    cursor.execute("SELECT * FROM t WHERE q = \'" + term_of(request) + "\'")',
    '    cursor.execute("SELECT * FROM t WHERE u = \'" + user_of(request) + "\'")',
    '    run_query(request, cursor)',
    '',
  ].join('\n');
  const findings = traced(await analyzePython(text, registry, { file: { path: 'blog/views.py', isTest: false } }));
  assert.deepEqual(findings.map((f) => [f.ruleId, lineOf(text, f.start)]).sort(), [['PW401', 10], ['PW401', 13]]);
  const fromHelper = findings.find((f) => lineOf(text, f.start) === 13)!;
  assert.match(fromHelper.message, /^`request\.GET` \(line 12\) reaches `cursor\.execute`/);
});

test('handler parameters the framework converts (FastAPI annotations, Flask converters) carry no input; text parameters do', async () => {
  const fastapi = [
    'import enum, uuid',
    'from typing import Annotated, Literal, Optional',
    'from fastapi import FastAPI, Query',
    'app = FastAPI()',
    'class Color(str, enum.Enum):',
    '    red = "red"',
    '@app.get("/items/{item_id}")',
    'def read(cursor, item_id: int, key: uuid.UUID, color: Color, page: Optional[int] = None, size: Annotated[int, Query()] = 10, ids: list[int] = [], mode: Literal["a", "b"] = "a", limit: int | None = None, name: str = "", tags: list[str] = []):',
    '    cursor.execute(f"SELECT {item_id} {key} {color} {page} {size} {ids} {mode} {limit}")',
    '    cursor.execute(f"SELECT {name}")',
    '    cursor.execute(f"SELECT {tags}")',
  ].join('\n');
  const fastapiTraced = traced(await analyzePython(fastapi, registry)).map((f) => lineOf(fastapi, f.start));
  assert.deepEqual(fastapiTraced, [10, 11]);
  const flask = [
    'import os',
    'from flask import Flask',
    'app = Flask(__name__)',
    '@app.route("/files/<int:number>/<uuid:key>/<path:name>")',
    'def download(number, key, name):',
    '    os.system("cat " + str(number) + str(key))',
    '    os.system("cat " + name)',
  ].join('\n');
  assert.deepEqual(traced(await analyzePython(flask, registry)).map((f) => lineOf(flask, f.start)), [7]);
});
