// The fixes of the web rules (PW801–PW811): exact text, still valid Python, and the finding gone
// afterwards. Where no rewrite keeps the meaning (Mako filters, RawSQL, DEBUG), none is offered.
import { test } from 'node:test';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import type { Finding } from '../../server/src/engine/finding';
import type { Fix } from '../../server/src/engine/fixer';
import { analyzePython } from '../../server/src/engine/index';
import { RuleRegistry } from '../../server/src/engine/registry';
import { DEFAULT_SELECTION, isTestPath, selectRules } from '../../server/src/engine/rule-selection';
import { ALL_RULES } from '../../server/src/rules/index';
import { applyEdits, assertFix, findingsOf, onlyFinding, parsesCleanly, setupInWorkspace, titled } from '../helpers';

/**
 * Findings of one rule for a file analysed as `path`: settings modules are recognised by path,
 * and rules that are off in tests are off under `tests/`.
 */
async function findingsAt(source: string, path: string, ruleId: string): Promise<Finding[]> {
  const isTest = isTestPath(path);
  const registry = new RuleRegistry(selectRules(ALL_RULES, DEFAULT_SELECTION, isTest));
  const findings = await analyzePython(source, registry, { withFixes: true, file: { path, isTest } });
  return findings.filter((finding) => finding.ruleId === ruleId);
}

async function applyAt(source: string, path: string, ruleId: string, title: string, index = 0): Promise<string> {
  const findings = await findingsAt(source, path, ruleId);
  const fix: Fix | undefined = findings[index]?.fixes?.find((f) => titled(f, title));
  assert.ok(fix, `no fix ${title} on ${ruleId} finding ${index}: ${findings.map((f) => f.fixes?.map((x) => x.title)).join('; ')}`);
  const result = applyEdits(source, fix.edits);
  assert.ok(await parsesCleanly(result), result);
  return result;
}

// PW801 flask debug

test('PW801: debug=True becomes debug=False, not preferred', async () => {
  await assertFix(
    'from flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == "__main__":\n    app.run(host="127.0.0.1", debug=True)\n',
    'PW801',
    'Set debug=False',
    'from flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == "__main__":\n    app.run(host="127.0.0.1", debug=False)\n',
  );
  const finding = await onlyFinding('import flask\napp = flask.Flask(__name__)\napp.run(debug=True)\n', 'PW801');
  assert.equal(finding.fixes?.[0].preferred, false);
  assert.equal(finding.confidence, 'high');
});

test('PW801: a factory app is low confidence; other objects and debug from a variable are handled', async () => {
  const factory = await onlyFinding('from shop import create_app\napp = create_app()\napp.run(debug=True)\n', 'PW801');
  assert.equal(factory.confidence, 'low');
  const named = await onlyFinding('from flask import Flask\nDEBUG = True\napp = Flask(__name__)\napp.run(debug=DEBUG)\n', 'PW801');
  assert.deepEqual(named.fixes, [], 'only a literal True is rewritten');
  assert.deepEqual(await findingsOf('import uvicorn\nserver = Server()\nserver.run(debug=True)\nuvicorn.run(app, debug=True)\n', 'PW801'), []);
});

// PW802 jinja2 autoescape

test('PW802: select_autoescape is added to the existing from-import', async () => {
  await assertFix(
    'from jinja2 import Environment, FileSystemLoader\n\nenv = Environment(loader=FileSystemLoader("templates"))\n',
    'PW802',
    'Use autoescape=select_autoescape()',
    'from jinja2 import Environment, FileSystemLoader, select_autoescape\n\nenv = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape())\n',
  );
});

test('PW802: autoescape=False is replaced, spelled through the module import', async () => {
  await assertFix(
    'import jinja2 as j2\n\nenv = j2.Environment(\n    loader=j2.PackageLoader("shop"),\n    autoescape=False,\n)\n',
    'PW802',
    'Use autoescape=select_autoescape()',
    'import jinja2 as j2\n\nenv = j2.Environment(\n    loader=j2.PackageLoader("shop"),\n    autoescape=j2.select_autoescape(),\n)\n',
  );
});

test('PW802: an HTML Template gets autoescape=True; plain-text templates are not reported', async () => {
  await assertFix(
    'from jinja2 import Template\n\nbox = Template("<p>{{ comment }}</p>")\n',
    'PW802',
    'Set autoescape=True',
    'from jinja2 import Template\n\nbox = Template("<p>{{ comment }}</p>", autoescape=True)\n',
  );
  assert.deepEqual(await findingsOf('from jinja2 import Template\nmail = Template("Hello {{ name }}")\n', 'PW802'), []);
  const options = await onlyFinding('from jinja2 import Environment\nenv = Environment(**options)\n', 'PW802');
  assert.equal(options.confidence, 'low');
  assert.deepEqual(options.fixes, []);
});

// PW803 mako: no fix

test('PW803: no fix, the message explains default_filters', async () => {
  const finding = await onlyFinding('from mako.template import Template\npage = Template("<p>${name}</p>")\n', 'PW803');
  assert.deepEqual(finding.fixes, []);
  assert.match(finding.message, /default_filters=\["h"\]/);
  assert.deepEqual(await findingsOf('from mako.template import Template\npage = Template("<p>${name}</p>", default_filters=["h"])\n', 'PW803'), []);
});

// PW804 / PW805 mark_safe

test('PW804 and PW805 never report the same call', async () => {
  const source =
    'from django.utils.safestring import mark_safe\n' +
    'a = mark_safe(f"<b>{name}</b>")\n' +
    'b = mark_safe(profile.bio)\n' +
    'c = mark_safe("<hr>")\n';
  const findings = await findingsOf(source, 'PW804', 'PW805');
  assert.deepEqual(
    findings.map((f) => f.ruleId),
    ['PW805', 'PW804'],
  );
  assert.deepEqual(findings[1].fixes, []);
});

test('PW805: an f-string becomes format_html with the values as arguments, imported in the same style', async () => {
  await assertFix(
    'from django.utils.safestring import mark_safe\n\n\ndef badge(user):\n    return mark_safe(f"<b class=\'{{x}}\'>{user.name}</b> ({user.count})")\n',
    'PW805',
    'Use format_html so the values are escaped',
    'from django.utils.html import format_html\nfrom django.utils.safestring import mark_safe\n\n\ndef badge(user):\n    return format_html("<b class=\'{{x}}\'>{}</b> ({})", user.name, user.count)\n',
  );
});

test('PW805: "….format(…)" becomes format_html, through an existing import of django.utils.html', async () => {
  await assertFix(
    'from django.utils.html import escape\nfrom django.utils.safestring import mark_safe\n\nrow = mark_safe("<td>{}</td><td>{label}</td>".format(cell, label=name))\n',
    'PW805',
    'Use format_html so the values are escaped',
    'from django.utils.html import escape, format_html\nfrom django.utils.safestring import mark_safe\n\nrow = format_html("<td>{}</td><td>{label}</td>", cell, label=name)\n',
  );
});

test('PW805: format_html(f"…") is rewritten in place; %-formatting and conversions get no fix', async () => {
  await assertFix(
    'from django.utils.html import format_html\n\nlink = format_html(f"<a>{title}</a>")\n',
    'PW805',
    'Use format_html so the values are escaped',
    'from django.utils.html import format_html\n\nlink = format_html("<a>{}</a>", title)\n',
  );
  const percent = await onlyFinding('from django.utils.safestring import mark_safe\nx = mark_safe("<b>%s</b>" % name)\n', 'PW805');
  assert.deepEqual(percent.fixes, []);
  const conversion = await onlyFinding('from django.utils.safestring import mark_safe\nx = mark_safe(f"<b>{name!r}</b>")\n', 'PW805');
  assert.deepEqual(conversion.fixes, []);
});

// PW806 Markup

test('PW806: an f-string becomes Markup("…").format(…)', async () => {
  await assertFix(
    'from markupsafe import Markup\n\ngreeting = Markup(f"<b>Hello {user.name}</b>")\n',
    'PW806',
    'Let Markup escape the values',
    'from markupsafe import Markup\n\ngreeting = Markup("<b>Hello {}</b>").format(user.name)\n',
  );
});

test('PW806: %-formatting moves onto Markup, parenthesised where a method follows', async () => {
  await assertFix(
    'import markupsafe\n\nprice = markupsafe.Markup("<span>%s %s</span>" % (amount, currency))\n',
    'PW806',
    'Let Markup escape the values',
    'import markupsafe\n\nprice = markupsafe.Markup("<span>%s %s</span>") % (amount, currency)\n',
  );
  await assertFix(
    'from markupsafe import Markup\n\nlabel = Markup("<b>%s</b>" % name).striptags()\n',
    'PW806',
    'Let Markup escape the values',
    'from markupsafe import Markup\n\nlabel = (Markup("<b>%s</b>") % name).striptags()\n',
  );
});

test('PW806: request data is escaped with Markup.escape; an opaque value gets no fix', async () => {
  await assertFix(
    'from flask import Markup, request\n\nquery = Markup(request.args.get("q", ""))\n',
    'PW806',
    'Use Markup.escape',
    'from flask import Markup, request\n\nquery = Markup.escape(request.args.get("q", ""))\n',
  );
  const opaque = await onlyFinding('from markupsafe import Markup\n\ndef show(product):\n    return Markup(product.description_html)\n', 'PW806');
  assert.deepEqual(opaque.fixes, []);
  assert.equal(opaque.confidence, 'medium');
  assert.match(opaque.message, /if it holds user input, escape it/);
});

// PW807 / PW808: no fix

test('PW807 and PW808: reported without a fix, with confidence by how the SQL is made', async () => {
  const built = await onlyFinding('def search(term):\n    return Article.objects.extra(where=[f"title = \'{term}\'"])\n', 'PW807');
  assert.equal(built.confidence, 'high');
  assert.deepEqual(built.fixes, []);
  const column = await onlyFinding('def by(column):\n    return Article.objects.extra(order_by=[column])\n', 'PW807');
  assert.equal(column.confidence, 'medium');
  const raw = await onlyFinding('from django.db.models.expressions import RawSQL\n\ndef f(sql):\n    return RawSQL(sql, [])\n', 'PW808');
  assert.equal(raw.confidence, 'low');
  assert.deepEqual(raw.fixes, []);
});

// PW809 DEBUG: no fix, settings modules only

test('PW809: DEBUG = True only in settings modules, with low confidence in development settings', async () => {
  const source = 'import os\n\nDEBUG = True\n';
  const [settings] = await findingsAt(source, 'mysite/settings.py', 'PW809');
  assert.equal(settings.confidence, 'medium');
  assert.deepEqual(settings.fixes, []);
  const [dev] = await findingsAt(source, 'mysite/settings/dev.py', 'PW809');
  assert.equal(dev.confidence, 'low');
  assert.deepEqual(await findingsAt(source, 'mysite/views.py', 'PW809'), []);
  assert.equal((await findingsAt('DEBUG = True\nINSTALLED_APPS = []\n', 'mysite/conf.py', 'PW809')).length, 1);
  assert.deepEqual(await findingsAt('import environ\nenv = environ.Env()\nDEBUG = env.bool("DEBUG", default=False)\n', 'mysite/settings.py', 'PW809'), []);
  assert.deepEqual(await findingsAt('DEBUG = True\n', 'tests/settings.py', 'PW809'), [], 'off in tests');
});

// PW810 middleware

const MIDDLEWARE =
  'MIDDLEWARE = [\n' +
  '    "django.middleware.security.SecurityMiddleware",\n' +
  '    "django.contrib.sessions.middleware.SessionMiddleware",\n' +
  '    "django.middleware.common.CommonMiddleware",  # gzip elsewhere\n' +
  '    "django.contrib.auth.middleware.AuthenticationMiddleware",\n' +
  ']\n';

test('PW810: CsrfViewMiddleware goes after CommonMiddleware, on its own line', async () => {
  const result = await applyAt(MIDDLEWARE, 'mysite/settings.py', 'PW810', 'Add CsrfViewMiddleware to MIDDLEWARE', 0);
  assert.equal(
    result,
    'MIDDLEWARE = [\n' +
      '    "django.middleware.security.SecurityMiddleware",\n' +
      '    "django.contrib.sessions.middleware.SessionMiddleware",\n' +
      '    "django.middleware.common.CommonMiddleware",  # gzip elsewhere\n' +
      '    "django.middleware.csrf.CsrfViewMiddleware",\n' +
      '    "django.contrib.auth.middleware.AuthenticationMiddleware",\n' +
      ']\n',
  );
  assert.equal((await findingsAt(result, 'mysite/settings.py', 'PW810')).length, 1, 'only XFrameOptions is still missing');
});

test('PW810: XFrameOptionsMiddleware goes at the end; both fixes together leave nothing to report', async () => {
  const result = await applyAt(MIDDLEWARE, 'mysite/settings.py', 'PW810', 'Add XFrameOptionsMiddleware to MIDDLEWARE', 0);
  assert.ok(result.endsWith('    "django.contrib.auth.middleware.AuthenticationMiddleware",\n    "django.middleware.clickjacking.XFrameOptionsMiddleware",\n]\n'), result);
  const both = await applyAt(result, 'mysite/settings.py', 'PW810', 'Add CsrfViewMiddleware to MIDDLEWARE', 0);
  assert.deepEqual(await findingsAt(both, 'mysite/settings.py', 'PW810'), []);
});

test('PW810: one-line lists, quote style, a last entry without comma, before AuthenticationMiddleware', async () => {
  const oneLine = "MIDDLEWARE = ('django.contrib.sessions.middleware.SessionMiddleware', 'django.middleware.clickjacking.XFrameOptionsMiddleware')\n";
  assert.equal(
    await applyAt(oneLine, 'mysite/settings.py', 'PW810', 'Add CsrfViewMiddleware to MIDDLEWARE'),
    "MIDDLEWARE = ('django.contrib.sessions.middleware.SessionMiddleware', 'django.middleware.csrf.CsrfViewMiddleware', 'django.middleware.clickjacking.XFrameOptionsMiddleware')\n",
  );
  const noComma = 'MIDDLEWARE = [\n    "django.middleware.csrf.CsrfViewMiddleware",\n    "django.contrib.auth.middleware.AuthenticationMiddleware"  # last\n]\n';
  assert.equal(
    await applyAt(noComma, 'mysite/settings.py', 'PW810', 'Add XFrameOptionsMiddleware to MIDDLEWARE'),
    'MIDDLEWARE = [\n    "django.middleware.csrf.CsrfViewMiddleware",\n    "django.contrib.auth.middleware.AuthenticationMiddleware",  # last\n    "django.middleware.clickjacking.XFrameOptionsMiddleware"\n]\n',
  );
  const authFirst = 'MIDDLEWARE = [\n    "django.contrib.auth.middleware.AuthenticationMiddleware",\n    "django.middleware.clickjacking.XFrameOptionsMiddleware",\n]\n';
  assert.equal(
    await applyAt(authFirst, 'mysite/settings.py', 'PW810', 'Add CsrfViewMiddleware to MIDDLEWARE'),
    'MIDDLEWARE = [\n    "django.middleware.csrf.CsrfViewMiddleware",\n    "django.contrib.auth.middleware.AuthenticationMiddleware",\n    "django.middleware.clickjacking.XFrameOptionsMiddleware",\n]\n',
  );
});

test('PW810: lists built from others, changed later, or outside settings are not reported', async () => {
  assert.deepEqual(await findingsAt('MIDDLEWARE = [*BASE, "x.Y"]\n', 'mysite/settings.py', 'PW810'), []);
  assert.deepEqual(await findingsAt(MIDDLEWARE + 'MIDDLEWARE += ["django.middleware.csrf.CsrfViewMiddleware"]\n', 'mysite/settings.py', 'PW810'), []);
  assert.deepEqual(await findingsAt(MIDDLEWARE + 'MIDDLEWARE.insert(3, "django.middleware.csrf.CsrfViewMiddleware")\n', 'mysite/settings.py', 'PW810'), []);
  assert.deepEqual(await findingsAt('MIDDLEWARE = ["myapp.Timing"]\n', 'myapp/pipeline.py', 'PW810'), []);
});

// PW811 secret key

test('PW811: the literal is read from the environment, import os added; the key is masked', async () => {
  await assertFix(
    'from flask import Flask\n\napp = Flask(__name__)\napp.secret_key = "8f42a73054b1749f8f58848be5e6502c"\n',
    'PW811',
    'Read from environment (os.environ["SECRET_KEY"])',
    'import os\n\nfrom flask import Flask\n\napp = Flask(__name__)\napp.secret_key = os.environ["SECRET_KEY"]\n',
  );
  const finding = await onlyFinding('from flask import Flask\napp = Flask(__name__)\napp.config["SECRET_KEY"] = "8f42a73054b1749f8f58848be5e6502c"\n', 'PW811');
  assert.ok(!finding.message.includes('8f42a730'), finding.message);
  assert.match(finding.message, /^Secret key written in the source/);
  const short = await onlyFinding('from flask import Flask\napp = Flask(__name__)\napp.config.update(SECRET_KEY="dev")\n', 'PW811');
  assert.ok(!short.message.includes('`dev'), short.message);
});

test('PW811: a module of a config/ package is settings; one at the root of a workspace folder named config is not', async () => {
  // As the CLI and the editor configure a file: no pyproject.toml, so its path is absolute.
  const workspace = join(mkdtempSync(join(tmpdir(), 'pyward-pw811-')), 'config');
  mkdirSync(join(workspace, 'config'), { recursive: true });
  const source = 'SECRET_KEY = "8f42a73054b1749f8f58848be5e6502c"\n';
  const confidence = async (path: string) => {
    const setup = setupInWorkspace(workspace, path);
    return (await analyzePython(source, setup.registry, { file: setup.file })).find((f) => f.ruleId === 'PW811')?.confidence;
  };
  assert.equal(await confidence(join(workspace, 'config', 'base.py')), 'high');
  assert.equal(await confidence(join(workspace, 'app.py')), 'medium');
});

test('PW811: config.from_mapping keyword and a settings constant, through `from os import environ`', async () => {
  await assertFix(
    'from os import environ\n\n\ndef create_app():\n    app = Flask(__name__)\n    app.config.from_mapping(SECRET_KEY="dev", DATABASE="x.db")\n    return app\n',
    'PW811',
    'Read from environment (environ["SECRET_KEY"])',
    'from os import environ\n\n\ndef create_app():\n    app = Flask(__name__)\n    app.config.from_mapping(SECRET_KEY=environ["SECRET_KEY"], DATABASE="x.db")\n    return app\n',
  );
  const [settings] = await findingsAt('SECRET_KEY = "django-insecure-abc123"\n', 'mysite/settings.py', 'PW811');
  assert.equal(settings.confidence, 'high');
  assert.deepEqual(await findingsAt('SECRET_KEY = "django-insecure-abc123"\n', 'tests/settings.py', 'PW811'), [], 'off in tests');
  assert.deepEqual(await findingsOf('import os\nSECRET_KEY = os.environ["SECRET_KEY"]\nEMPTY = ""\napp.secret_key = EMPTY\n', 'PW811'), []);
});
