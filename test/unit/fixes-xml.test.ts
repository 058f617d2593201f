// The fixes of the XML rules (PW701–PW708): exact text, still valid Python, and the finding gone
// afterwards. The call site is rewritten to the defusedxml function, never the import, since
// other names of the standard module have no defusedxml counterpart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePython } from '../../server/src/engine/index';
import { RuleRegistry } from '../../server/src/engine/registry';
import { DEFAULT_SELECTION, selectRules } from '../../server/src/engine/rule-selection';
import { ALL_RULES } from '../../server/src/rules/index';
import { analyze, assertFix, findingsOf, onlyFinding } from '../helpers';

// PW701–PW707: defusedxml drop-ins

test('PW702: ET.parse becomes defusedxml.ElementTree.parse, the ET import stays for Element', async () => {
  await assertFix(
    'import xml.etree.ElementTree as ET\n\ntree = ET.parse(upload)\nroot = ET.Element("feed")\n',
    'PW702',
    'Use defusedxml.ElementTree.parse',
    'import xml.etree.ElementTree as ET\n\nimport defusedxml.ElementTree\n\ntree = defusedxml.ElementTree.parse(upload)\nroot = ET.Element("feed")\n',
  );
});

test('PW702: a from-import alias is rewritten at the call site only', async () => {
  await assertFix(
    'from xml.etree.ElementTree import fromstring as parse_xml, tostring\n\nroot = parse_xml(request.body)\n',
    'PW702',
    'Use defusedxml.ElementTree.fromstring',
    'from xml.etree.ElementTree import fromstring as parse_xml, tostring\n\nimport defusedxml.ElementTree\n\nroot = defusedxml.ElementTree.fromstring(request.body)\n',
  );
});

test('PW702: an existing defusedxml import is used as it is spelled', async () => {
  await assertFix(
    'import xml.etree.ElementTree as ET\nimport defusedxml.ElementTree as SafeET\n\nroot = ET.fromstring(body)\n',
    'PW702',
    'Use defusedxml.ElementTree.fromstring',
    'import xml.etree.ElementTree as ET\nimport defusedxml.ElementTree as SafeET\n\nroot = SafeET.fromstring(body)\n',
  );
  await assertFix(
    'from xml.etree.ElementTree import iterparse\nfrom defusedxml.ElementTree import iterparse as safe_iterparse\n\nevents = iterparse(stream, events=("end",))\n',
    'PW702',
    'Use defusedxml.ElementTree.iterparse',
    'from xml.etree.ElementTree import iterparse\nfrom defusedxml.ElementTree import iterparse as safe_iterparse\n\nevents = safe_iterparse(stream, events=("end",))\n',
  );
});

test('PW702: `import defusedxml` alone does not load the submodule, so it is imported too', async () => {
  await assertFix(
    'import defusedxml\nimport xml.etree.ElementTree as ET\n\nroot = ET.XML(body)\n',
    'PW702',
    'Use defusedxml.ElementTree.XML',
    'import defusedxml\nimport defusedxml.ElementTree\nimport xml.etree.ElementTree as ET\n\nroot = defusedxml.ElementTree.XML(body)\n',
  );
});

test('PW702: no fix when the caller passes a parser of its own, or when defusedxml is shadowed', async () => {
  const own = await onlyFinding('import xml.etree.ElementTree as ET\nroot = ET.fromstring(body, parser)\n', 'PW702');
  assert.deepEqual(own.fixes, []);
  assert.match(own.message, /use `defusedxml\.ElementTree\.fromstring`/);
  assert.match(own.details ?? '', /passes a parser of its own, and defusedxml protects only with defusedxml's own parser/);
  const shadowed = await onlyFinding('import xml.etree.ElementTree as ET\n\ndef load(body, defusedxml):\n    return ET.fromstring(body)\n', 'PW702');
  assert.deepEqual(shadowed.fixes, []);
});

test('PW702: a literal document is not reported, a literal path has low confidence, the fix is not preferred', async () => {
  assert.deepEqual(await findingsOf('import xml.etree.ElementTree as ET\nroot = ET.fromstring("<feed/>")\n', 'PW702'), []);
  const path = await onlyFinding('import xml.etree.ElementTree as ET\ntree = ET.parse("defaults.xml")\n', 'PW702');
  assert.equal(path.confidence, 'low');
  assert.equal(path.fixes?.[0].preferred, false);
  const upload = await onlyFinding('import xml.etree.ElementTree as ET\ntree = ET.parse(upload)\n', 'PW702');
  assert.equal(upload.confidence, 'medium');
  assert.equal(upload.severity, 'medium');
});

test('PW701: cElementTree calls move to defusedxml.ElementTree (defusedxml.cElementTree is deprecated)', async () => {
  await assertFix(
    'from xml.etree import cElementTree\n\nparser = cElementTree.XMLParser(encoding="utf-8")\n',
    'PW701',
    'Use defusedxml.ElementTree.XMLParser',
    'from xml.etree import cElementTree\n\nimport defusedxml.ElementTree\n\nparser = defusedxml.ElementTree.XMLParser(encoding="utf-8")\n',
  );
});

test('PW703: expatreader.create_parser', async () => {
  await assertFix(
    'from xml.sax import expatreader\n\nparser = expatreader.create_parser()\n',
    'PW703',
    'Use defusedxml.expatreader.create_parser',
    'from xml.sax import expatreader\n\nimport defusedxml.expatreader\n\nparser = defusedxml.expatreader.create_parser()\n',
  );
});

test('PW704: expatbuilder.parseString keeps its arguments', async () => {
  await assertFix(
    'from xml.dom import expatbuilder\n\ndocument = expatbuilder.parseString(body, namespaces=False)\n',
    'PW704',
    'Use defusedxml.expatbuilder.parseString',
    'from xml.dom import expatbuilder\n\nimport defusedxml.expatbuilder\n\ndocument = defusedxml.expatbuilder.parseString(body, namespaces=False)\n',
  );
});

test('PW705: xml.sax.parse, and make_parser only without a parser list', async () => {
  await assertFix(
    '"""Feed import."""\nimport xml.sax\n\nxml.sax.parse(upload, handler)\n',
    'PW705',
    'Use defusedxml.sax.parse',
    '"""Feed import."""\nimport xml.sax\n\nimport defusedxml.sax\n\ndefusedxml.sax.parse(upload, handler)\n',
  );
  await assertFix(
    'from xml.sax import make_parser\n\nparser = make_parser()\n',
    'PW705',
    'Use defusedxml.sax.make_parser',
    'from xml.sax import make_parser\n\nimport defusedxml.sax\n\nparser = defusedxml.sax.make_parser()\n',
  );
  const withList = await onlyFinding('import xml.sax\nparser = xml.sax.make_parser(["xml.sax.expatreader"])\n', 'PW705');
  assert.deepEqual(withList.fixes, []);
});

test('PW706: minidom.parseString', async () => {
  await assertFix(
    'from xml.dom import minidom\n\ndocument = minidom.parseString(request.body)\n',
    'PW706',
    'Use defusedxml.minidom.parseString',
    'from xml.dom import minidom\n\nimport defusedxml.minidom\n\ndocument = defusedxml.minidom.parseString(request.body)\n',
  );
});

test('PW707: pulldom.parse', async () => {
  await assertFix(
    'from xml.dom import pulldom\n\nevents = pulldom.parse(upload)\n',
    'PW707',
    'Use defusedxml.pulldom.parse',
    'from xml.dom import pulldom\n\nimport defusedxml.pulldom\n\nevents = defusedxml.pulldom.parse(upload)\n',
  );
});

// PW708: lxml

test('PW708: the default parser gets parser=XMLParser(resolve_entities=False, no_network=True)', async () => {
  await assertFix(
    'from lxml import etree\n\ntree = etree.parse(upload)\n',
    'PW708',
    'Pass a parser with resolve_entities=False',
    'from lxml import etree\n\ntree = etree.parse(upload, parser=etree.XMLParser(resolve_entities=False, no_network=True))\n',
  );
});

test('PW708: parser=None is replaced; a from-import of the function imports lxml.etree for the parser', async () => {
  await assertFix(
    'from lxml.etree import fromstring\n\nroot = fromstring(body, parser=None)\n',
    'PW708',
    'Pass a parser with resolve_entities=False',
    'import lxml.etree\nfrom lxml.etree import fromstring\n\nroot = fromstring(body, parser=lxml.etree.XMLParser(resolve_entities=False, no_network=True))\n',
  );
});

test('PW708: resolve_entities=True and no_network=False are switched on the parser itself', async () => {
  await assertFix(
    'from lxml import etree\n\nparser = etree.XMLParser(resolve_entities=True, no_network=False)\n',
    'PW708',
    'Set resolve_entities=False, no_network=True',
    'from lxml import etree\n\nparser = etree.XMLParser(resolve_entities=False, no_network=True)\n',
  );
  const explicit = await onlyFinding('from lxml import etree\nparser = etree.XMLParser(resolve_entities=True)\n', 'PW708');
  assert.equal(explicit.severity, 'high');
  assert.equal(explicit.confidence, 'high');
});

test('PW708: a multi-line parser gets resolve_entities=False in its layout; iterparse too', async () => {
  await assertFix(
    'from lxml import etree\n\nparser = etree.XMLParser(\n    remove_blank_text=True,\n)\n',
    'PW708',
    'Set resolve_entities=False',
    'from lxml import etree\n\nparser = etree.XMLParser(\n    remove_blank_text=True,\n    resolve_entities=False,\n)\n',
  );
  await assertFix(
    'import lxml.etree as ET\n\nfor _, element in ET.iterparse(upload, events=("end",)):\n    pass\n',
    'PW708',
    'Set resolve_entities=False',
    'import lxml.etree as ET\n\nfor _, element in ET.iterparse(upload, events=("end",), resolve_entities=False):\n    pass\n',
  );
});

test('PW708: a safe parser passed as parser=, a literal document and huge_tree alone', async () => {
  const source =
    'from lxml import etree\n' +
    'SAFE = etree.XMLParser(resolve_entities=False, no_network=True)\n' +
    'a = etree.parse(upload, parser=SAFE)\n' +
    'b = etree.fromstring("<catalogue/>")\n' +
    'c = etree.fromstring(body, etree.XMLParser(resolve_entities=False))\n';
  assert.deepEqual(await findingsOf(source, 'PW708'), []);
  const huge = await onlyFinding('from lxml import etree\np = etree.XMLParser(resolve_entities=False, huge_tree=True)\n', 'PW708');
  assert.equal(huge.severity, 'medium');
  assert.deepEqual(huge.fixes, []);
});

test('PW708: B320 and S320 suppression comments still apply', async () => {
  const findings = (await analyze('from lxml import etree\ntree = etree.parse(upload)  # nosec B320\n')).filter((f) => f.ruleId === 'PW708');
  assert.deepEqual(findings, []);
});

test('PW701–PW708 are off in test files, which parse fixtures of their own', async () => {
  const source = 'import xml.etree.ElementTree as ET\nfrom lxml import etree\nET.parse(path)\netree.parse(path)\n';
  const inTests = new RuleRegistry(selectRules(ALL_RULES, DEFAULT_SELECTION, true));
  const findings = await analyzePython(source, inTests, { file: { path: 'tests/test_feed.py', isTest: true } });
  assert.deepEqual(findings.filter((f) => /^PW70\d$/.test(f.ruleId)), []);
});
