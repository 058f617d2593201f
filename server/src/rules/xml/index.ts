import type { Rule } from '../../engine/rule';
import xmlEtreeCelementtree from './xml-etree-celementtree';
import xmlEtreeElementtree from './xml-etree-elementtree';
import xmlExpatreader from './xml-expatreader';
import xmlExpatbuilder from './xml-expatbuilder';
import xmlSax from './xml-sax';
import xmlMinidom from './xml-minidom';
import xmlPulldom from './xml-pulldom';
import lxmlParser from './lxml-parser';
import xpathBuiltFromStrings from './xpath-built-from-strings';

export const xmlRules: Rule[] = [
  xmlEtreeCelementtree,
  xmlEtreeElementtree,
  xmlExpatreader,
  xmlExpatbuilder,
  xmlSax,
  xmlMinidom,
  xmlPulldom,
  lxmlParser,
  xpathBuiltFromStrings,
];
