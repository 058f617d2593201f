// Random-looking values: what a generated key or token is, and what a name, a sentence or a
// setting is not. detect-secrets' limits (3.0 bits per character for hex, 4.5 for base64) are
// for long strings; shorter keys cannot reach 4.5, so the bar follows the length.
import { shannonEntropy } from './encoding';
import { isStandIn } from './placeholders';

export function isHighEntropySecret(value: string): boolean {
  if (value.length < 16 || value.length > 4096 || /\s/.test(value) || isStandIn(value)) return false;
  if (/^[0-9a-fA-F]+$/.test(value)) return value.length >= 20 && /[a-fA-F]/.test(value) && /\d/.test(value) && shannonEntropy(value) >= 3;
  if (!/^[A-Za-z0-9+/_.~-]+={0,2}$/.test(value) || !/\d/.test(value) || !/[A-Za-z]/.test(value)) return false;
  return shannonEntropy(value) >= (value.length >= 32 ? 4 : 3.5);
}
