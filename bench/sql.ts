// Helpers for the set-based SQL that builds the city. Every statement that uses `uid` takes the
// partnership id as $1.

export const sqlText = (s: string) => `'${s.replaceAll("'", "''")}'`;
export const sqlArray = (list: readonly string[]) => `array[${list.map(sqlText).join(',')}]`;

/** `list[i % list.length]` in SQL, for a text array written into the statement. */
export const pick = (list: readonly string[], index: string) =>
  `(${sqlArray(list)})[1 + ((${index}) % ${list.length})]`;

/**
 * A deterministic id for the row numbered `n` of a kind ("family", "meeting"...): md5 of the
 * partnership, the kind and the number, with the version and variant bits of a v4 UUID, so it
 * passes any UUID check. Other rows can then point at "family 17" without reading it back.
 */
export const uid = (kind: string, n: string) =>
  `overlay(overlay(md5($1::uuid::text || ':${kind}:' || (${n})::text) placing '4' from 13) placing '8' from 17)::uuid`;

/**
 * A well-spread number in [0, m) from the row number, the same on every run: bits 16-31 of a
 * Knuth multiplicative hash (the low bits of the product follow n mod m too closely). m <= 65,536.
 */
export const mix = (n: string, m: number, salt = 0) =>
  `(((((((${n})::bigint + ${salt}) * 2654435761) % 4294967296) / 65536) % ${Math.max(1, m)})::int)`;

export async function timed(
  timings: Record<string, number>,
  label: string,
  work: () => Promise<unknown>,
) {
  const started = performance.now();
  await work();
  timings[label] = Math.round(performance.now() - started);
}

/** Runs `work(from, to)` over [0, total) in slices of `batch` rows (inclusive `to`). */
export async function inBatches(
  total: number,
  batch: number,
  work: (from: number, to: number) => Promise<unknown>,
) {
  for (let from = 0; from < total; from += batch) {
    await work(from, Math.min(total, from + batch) - 1);
  }
}
