// CVSS base scores computed from the vectors advisories carry (v3.0/v3.1 and v2), following the
// FIRST specifications' formulas. CVSS 4.0 scores need FIRST's lookup tables: not computed.

const V3_WEIGHTS: Record<string, Record<string, number>> = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  C: { H: 0.56, L: 0.22, N: 0 },
  I: { H: 0.56, L: 0.22, N: 0 },
  A: { H: 0.56, L: 0.22, N: 0 },
};
const V3_PRIVILEGES: Record<'U' | 'C', Record<string, number>> = { U: { N: 0.85, L: 0.62, H: 0.27 }, C: { N: 0.85, L: 0.68, H: 0.5 } };

const V2_WEIGHTS: Record<string, Record<string, number>> = {
  AV: { L: 0.395, A: 0.646, N: 1 },
  AC: { H: 0.35, M: 0.61, L: 0.71 },
  Au: { M: 0.45, S: 0.56, N: 0.704 },
  C: { N: 0, P: 0.275, C: 0.66 },
  I: { N: 0, P: 0.275, C: 0.66 },
  A: { N: 0, P: 0.275, C: 0.66 },
};

/** The base score (0.0–10.0) of a CVSS v3.x or v2 vector, or undefined when it cannot be computed. */
export function cvssBaseScore(vector: string): number | undefined {
  const metrics = new Map<string, string>();
  for (const part of vector.trim().split('/')) {
    const [key, value] = part.split(':');
    if (key && value !== undefined) metrics.set(key, value);
  }
  const version = metrics.get('CVSS');
  if (version === '3.0' || version === '3.1') return v3(metrics);
  if (version === undefined && metrics.has('Au')) return v2(metrics);
  return undefined;
}

function weights(metrics: Map<string, string>, table: Record<string, Record<string, number>>): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const [metric, values] of Object.entries(table)) {
    const weight = values[metrics.get(metric) ?? ''];
    if (weight === undefined) return undefined;
    out[metric] = weight;
  }
  return out;
}

function v3(metrics: Map<string, string>): number | undefined {
  const scope = metrics.get('S');
  const w = weights(metrics, V3_WEIGHTS);
  if ((scope !== 'U' && scope !== 'C') || !w) return undefined;
  const privileges = V3_PRIVILEGES[scope][metrics.get('PR') ?? ''];
  if (privileges === undefined) return undefined;
  const iss = 1 - (1 - w.C) * (1 - w.I) * (1 - w.A);
  const impact = scope === 'U' ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15);
  const exploitability = 8.22 * w.AV * w.AC * privileges * w.UI;
  if (impact <= 0) return 0;
  return roundUp(Math.min(scope === 'U' ? impact + exploitability : 1.08 * (impact + exploitability), 10));
}

/** CVSS 3.1's Roundup: the smallest one-decimal number not below the input, immune to float noise. */
function roundUp(value: number): number {
  const scaled = Math.round(value * 100_000);
  return scaled % 10_000 === 0 ? scaled / 100_000 : (Math.floor(scaled / 10_000) + 1) / 10;
}

function v2(metrics: Map<string, string>): number | undefined {
  const w = weights(metrics, V2_WEIGHTS);
  if (!w) return undefined;
  const impact = 10.41 * (1 - (1 - w.C) * (1 - w.I) * (1 - w.A));
  const exploitability = 20 * w.AV * w.AC * w.Au;
  const score = (0.6 * impact + 0.4 * exploitability - 1.5) * (impact === 0 ? 0 : 1.176);
  return Math.round(score * 10) / 10;
}

/** CVSS's qualitative rating of a base score. */
export function cvssRating(score: number): 'none' | 'low' | 'medium' | 'high' | 'critical' {
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}
