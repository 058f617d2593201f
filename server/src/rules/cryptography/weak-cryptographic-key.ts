import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import type { Level, RuleContext } from '../../engine/rule';
import type { CallSite } from '../../engine/sites';
import type { Fix, Fixer, TextEdit } from '../../engine/fixer';
import { spellMember } from './imports';

const CURVE_CHANGE = 'peers that do not support the curve fail, and existing keys stay on the old one';

const ASYMMETRIC = 'cryptography.hazmat.primitives.asymmetric';

interface SizedKey {
  algorithm: 'RSA' | 'DSA' | 'DH';
  /** Where the key size is passed. */
  index: number;
  keyword: string;
}

const SIZED: Record<string, SizedKey> = {
  [`${ASYMMETRIC}.rsa.generate_private_key`]: { algorithm: 'RSA', index: 1, keyword: 'key_size' },
  [`${ASYMMETRIC}.dsa.generate_private_key`]: { algorithm: 'DSA', index: 0, keyword: 'key_size' },
  [`${ASYMMETRIC}.dsa.generate_parameters`]: { algorithm: 'DSA', index: 0, keyword: 'key_size' },
  [`${ASYMMETRIC}.dh.generate_parameters`]: { algorithm: 'DH', index: 1, keyword: 'key_size' },
  'Crypto.PublicKey.RSA.generate': { algorithm: 'RSA', index: 0, keyword: 'bits' },
  'Crypto.PublicKey.DSA.generate': { algorithm: 'DSA', index: 0, keyword: 'bits' },
  'Cryptodome.PublicKey.RSA.generate': { algorithm: 'RSA', index: 0, keyword: 'bits' },
  'Cryptodome.PublicKey.DSA.generate': { algorithm: 'DSA', index: 0, keyword: 'bits' },
};

/** Bandit's thresholds: below the first is high severity, below the second medium. */
const FINITE_FIELD_LIMITS: readonly [number, number] = [1024, 2048];
const ELLIPTIC_LIMITS: readonly [number, number] = [160, 224];

/** `cryptography` curves below 224 bits, by class name. */
const WEAK_CURVES = new Map([['SECP192R1', 192], ['SECT163K1', 163], ['SECT163R2', 163]]);
/** PyCryptodome's names for P-192, normalised (lower case, no spaces, dashes or underscores). */
const WEAK_CURVE_NAMES = new Map([['p192', 192], ['nistp192', 192], ['prime192v1', 192], ['secp192r1', 192]]);

const EC_CALLS: Record<string, { index: number; keyword: string }> = {
  [`${ASYMMETRIC}.ec.generate_private_key`]: { index: 0, keyword: 'curve' },
  [`${ASYMMETRIC}.ec.derive_private_key`]: { index: 1, keyword: 'curve' },
};
const PYCRYPTODOME_ECC = ['Crypto.PublicKey.ECC.generate', 'Cryptodome.PublicKey.ECC.generate'];

function level(bits: number, limits: readonly [number, number]): Level | undefined {
  if (bits < limits[0]) return 'high';
  if (bits < limits[1]) return 'medium';
  return undefined;
}

export default defineRule({
  meta: {
    id: 'PW605',
    name: 'weak-cryptographic-key',
    title: 'RSA, DSA or DH key under 2048 bits, or elliptic curve under 224 bits',
    category: 'cryptography',
    // Bandit B505: HIGH severity below 1024 bits (160 for curves), MEDIUM below 2048 (224);
    // confidence HIGH. The rule's default is the common case, medium; each finding says which.
    severity: 'medium',
    confidence: 'high',
    cwe: 326,
    bandit: 'B505',
    ruff: 'S505',
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds RSA, DSA and Diffie-Hellman keys or parameters generated with fewer than 2048 bits (`rsa.generate_private_key(key_size=1024)`, `RSA.generate(1024)`, `dsa.generate_private_key(1024)`, `dh.generate_parameters(2, 1024)`) and elliptic-curve keys on curves under 224 bits (`ec.SECP192R1()`, `SECT163K1`, `ECC.generate(curve="P-192")`).',
      why: 'Short keys can be broken by computation: 512-bit RSA is factored in hours on rented machines, 768 bits has been factored publicly and 1024 bits is within reach of well-funded attackers (NIST disallowed it in 2013). Whoever breaks the key can forge signatures or decrypt everything protected by it, including recorded past traffic.',
      example: 'from cryptography.hazmat.primitives.asymmetric import ec, rsa\n\nkey = rsa.generate_private_key(public_exponent=65537, key_size=1024)\nsigning_key = ec.generate_private_key(ec.SECP192R1())',
      safe: 'from cryptography.hazmat.primitives.asymmetric import ec, rsa\n\nkey = rsa.generate_private_key(public_exponent=65537, key_size=3072)\nsigning_key = ec.generate_private_key(ec.SECP256R1())',
      references: [
        'https://cwe.mitre.org/data/definitions/326.html',
        'https://csrc.nist.gov/pubs/sp/800/131/a/r2/final',
        'https://cryptography.io/en/latest/hazmat/primitives/asymmetric/rsa/#generation',
        'https://cryptography.io/en/latest/hazmat/primitives/asymmetric/ec/#elliptic-curves',
      ],
    },
  },
  calls: [...Object.keys(SIZED), ...Object.keys(EC_CALLS), ...PYCRYPTODOME_ECC],

  checkCall(call, context) {
    const name = call.qualifiedName!;
    const sized = SIZED[name];
    if (sized) {
      const argument = call.argument(sized.index, sized.keyword);
      if (!argument) return;
      const bits = context.model.literal(argument.value)?.value;
      if (typeof bits !== 'number') return;
      const severity = level(bits, FINITE_FIELD_LIMITS);
      if (!severity) return;
      context.report(call.node, {
        message: `\`${call.callee.text}\` creates a ${bits}-bit ${sized.algorithm === 'DH' ? 'Diffie-Hellman group' : `${sized.algorithm} key`}, breakable by computation; use at least 2048 bits.`,
        severity,
        fix: argument.value.type === 'integer' ? (fixer) => [fixer.unsafe('Use a 2048-bit key', 'keys are larger and slower to generate; peers limited to short keys fail', fixer.replace(argument.value, '2048'))] : undefined,
      });
      return;
    }
    if (PYCRYPTODOME_ECC.includes(name)) {
      const curve = call.keyword('curve');
      if (!curve) return;
      const value = context.model.literal(curve.value)?.value;
      if (typeof value !== 'string') return;
      const bits = WEAK_CURVE_NAMES.get(value.toLowerCase().replace(/[\s_-]/g, ''));
      if (bits === undefined) return;
      reportCurve(call, context, `"${value}"`, bits, curve.value.type === 'string' ? (fixer) => stringCurveFix(curve.value, fixer) : undefined);
      return;
    }
    const ec = EC_CALLS[name];
    const curve = ec && call.argument(ec.index, ec.keyword);
    if (!curve) return;
    // `ec.SECP192R1()`, or the class itself as older code passes it.
    const curveClass = curve.value.type === 'call' ? curve.value.childForFieldName('function')! : curve.value;
    const curveName = context.model.resolve(curveClass);
    if (!curveName?.startsWith(`${ASYMMETRIC}.ec.`)) return;
    const bits = WEAK_CURVES.get(curveName.slice(`${ASYMMETRIC}.ec.`.length));
    if (bits === undefined) return;
    reportCurve(call, context, curveClass.text, bits, (fixer) => classCurveFix(curveClass, call, context, fixer));
  },
});

function reportCurve(call: CallSite, context: RuleContext, curve: string, bits: number, fix: ((fixer: Fixer) => Fix[]) | undefined): void {
  context.report(call.node, {
    message: `\`${call.callee.text}\` uses the ${bits}-bit curve \`${curve}\`, too weak (< 112-bit security); use P-256 or stronger.`,
    severity: level(bits, ELLIPTIC_LIMITS),
    fix,
  });
}

/** `curve="P-192"` → `curve="P-256"`, keeping the quotes. */
function stringCurveFix(value: Node, fixer: Fixer): Fix[] {
  const content = value.namedChildren.filter((c) => c?.type === 'string_content');
  if (content.length !== 1 || value.namedChildren.some((c) => c?.type === 'interpolation')) return [];
  return [fixer.unsafe('Use the P-256 curve', CURVE_CHANGE, fixer.replace(content[0]!, 'P-256'))];
}

/** `ec.SECP192R1()` → `ec.SECP256R1()`, `SECT163K1()` → `SECP256R1()` (imported next to it). */
function classCurveFix(curveClass: Node, call: CallSite, context: RuleContext, fixer: Fixer): Fix[] {
  const curve = (edits: TextEdit | TextEdit[]) => fixer.unsafe('Use the SECP256R1 curve', CURVE_CHANGE, edits);
  if (curveClass.type === 'attribute') return [curve(fixer.replace(curveClass.childForFieldName('attribute')!, 'SECP256R1'))];
  if (curveClass.type !== 'identifier') return [];
  const spelled = spellMember(`${ASYMMETRIC}.ec.SECP256R1`, `${ASYMMETRIC}.ec`, call.node, context, fixer, curveClass);
  return spelled ? [curve([...spelled.edits, fixer.replace(curveClass, spelled.text)])] : [];
}
