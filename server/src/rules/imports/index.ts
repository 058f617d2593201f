import type { Rule } from '../../engine/rule';
import importTelnetlib from './import-telnetlib';
import importFtplib from './import-ftplib';
import importPickle from './import-pickle';
import importSubprocess from './import-subprocess';
import importXmlEtree from './import-xml-etree';
import importXmlSax from './import-xml-sax';
import importXmlExpat from './import-xml-expat';
import importXmlMinidom from './import-xml-minidom';
import importXmlPulldom from './import-xml-pulldom';
import importLxml from './import-lxml';
import importXmlrpc from './import-xmlrpc';
import importHttpoxy from './import-httpoxy';
import importPycrypto from './import-pycrypto';
import importPyghmi from './import-pyghmi';

export const importsRules: Rule[] = [
  importTelnetlib,
  importFtplib,
  importPickle,
  importSubprocess,
  importXmlEtree,
  importXmlSax,
  importXmlExpat,
  importXmlMinidom,
  importXmlPulldom,
  importLxml,
  importXmlrpc,
  importHttpoxy,
  importPycrypto,
  importPyghmi,
];
