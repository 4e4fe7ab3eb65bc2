import type { RawQuery } from '../../src/platform/db/index.js';

/** A fingerprint of every table's contents, to prove a refused request changed nothing. */
export async function snapshot(
  query: RawQuery,
  except: string[] = ['rate_limits'],
): Promise<Record<string, string>> {
  const { rows } = await query<{ tablename: string }>(
    `select tablename from pg_tables where schemaname = 'public' order by tablename`,
  );
  const out: Record<string, string> = {};
  for (const { tablename } of rows) {
    if (except.includes(tablename)) continue;
    const r = await query<{ fp: string | null }>(
      `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as fp from "${tablename}" t`,
    );
    out[tablename] = r.rows[0]?.fp ?? '';
  }
  return out;
}
