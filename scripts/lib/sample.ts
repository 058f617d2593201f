// A deterministic random sample, so that a hand review can be repeated and compared.
export function seededSample<T>(items: readonly T[], size: number, seed: number): T[] {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const pool = [...items];
  const sample: T[] = [];
  while (sample.length < size && pool.length > 0) sample.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
  return sample;
}
