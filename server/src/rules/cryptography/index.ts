import type { Rule } from '../../engine/rule';
import insecureHashFunction from './insecure-hash-function';
import hashlibInsecureHash from './hashlib-insecure-hash';
import insecureCipher from './insecure-cipher';
import insecureCipherMode from './insecure-cipher-mode';
import weakCryptographicKey from './weak-cryptographic-key';
import randomForSecrets from './random-for-secrets';
import pseudoRandomGenerator from './pseudo-random-generator';
import timingUnsafeComparison from './timing-unsafe-comparison';
import jwtUnverifiedDecode from './jwt-unverified-decode';
import jwtHardcodedKey from './jwt-hardcoded-key';

export const cryptographyRules: Rule[] = [
  insecureHashFunction,
  hashlibInsecureHash,
  insecureCipher,
  insecureCipherMode,
  weakCryptographicKey,
  randomForSecrets,
  pseudoRandomGenerator,
  timingUnsafeComparison,
  jwtUnverifiedDecode,
  jwtHardcodedKey,
];
