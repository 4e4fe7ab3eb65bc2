import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Db } from './index.js';

// On a server every query the app builds (drizzle sends each as a config object with its values)
// becomes a named prepared statement, one name per SQL text: each pooled connection then parses
// and plans a text once and only binds new values afterwards, and PostgreSQL moves to a generic
// plan after five runs when it costs no more than the custom ones. Measured on the bench city
// (docs/performance.md, 26 November): the person page +24 % req/s, the people search +47 %.
//
// A connection keeps its statements as long as it lives, so only MAX_NAMED names are given; any
// text after that (a query whose text grows with its values, as `in ($1, $2...)` does) runs
// unnamed.
//
// A generic plan knows nothing of the values, and for a few queries it is far worse than the
// plans made for each run: those run inside withCustomPlans.
export const MAX_NAMED = 1000;

const names = new Map<string, string>();
let issued = 0;

/** The statement name for a query's text, or undefined once MAX_NAMED names have been given. */
export function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (!name && issued < MAX_NAMED) {
    name = `dw_${issued++}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Whether a connection's statement can no longer be used: the types of what it reads changed
 * under it (a migration run by another process), or it was closed after its values could not be
 * sent (pg then still believes it parsed). Its text is then given a new name, which every
 * connection parses afresh; the query that met the error fails as any failed query does.
 */
const stale = (error: unknown) => {
  const { code, message } = error as { code?: string; message?: string };
  return (
    code === '26000' ||
    (code === '0A000' && /cached plan must not change result type/.test(message ?? ''))
  );
};

interface QueryConfigLike {
  text?: unknown;
  name?: unknown;
  values?: unknown;
  submit?: unknown;
}

/** A pg client that names the queries it is given as config objects (see above). */
export class NamingClient extends pg.Client {
  // pg's query() has many overloads; this passes every argument through unchanged but the name.
  override query(config: unknown, ...rest: unknown[]): never {
    let given = config;
    let text: string | undefined;
    // Not a Query or cursor object (pg submits those as they are), and only with values: without
    // any, pg sends the text by the simple protocol, which allows several statements in one.
    if (
      config &&
      typeof config === 'object' &&
      typeof (config as QueryConfigLike).submit !== 'function'
    ) {
      const c = config as QueryConfigLike;
      const values = Array.isArray(rest[0]) ? rest[0] : c.values;
      const name =
        typeof c.text === 'string' && !c.name && Array.isArray(values) && values.length > 0
          ? statementName(c.text)
          : undefined;
      if (name) {
        given = { ...config, name };
        text = c.text as string;
      }
    }
    const result = (super.query as (this: pg.Client, ...args: unknown[]) => unknown).call(
      this,
      given,
      ...rest,
    );
    if (text && result instanceof Promise)
      result.catch((error: unknown) => {
        if (stale(error)) names.delete(text);
      });
    return result as never;
  }
}

/**
 * Runs `work` in a transaction whose statements are planned for their values every time, for
 * queries whose generic plan misleads PostgreSQL. Keep `work` to those queries: on PGlite the
 * transaction holds the one connection, and there it changes no plan. The team view's page of families was one: with
 * no team and partnership in view, the planner walked all 40,000 of the city's families in name
 * order (300 ms) instead of looking up the team's 780 (5 ms).
 */
export function withCustomPlans<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local plan_cache_mode = force_custom_plan`);
    return work(tx);
  });
}
