import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Db } from './index.js';

// On a server every query the app builds (drizzle sends each as a config object with its values)
// becomes a named prepared statement, one name per SQL text: each pooled connection then parses
// and plans a text once and only binds new values afterwards, and PostgreSQL moves to a generic
// plan after five runs when it costs no more than the custom ones. Measured on the bench city
// (docs/performance.md, 26 November): the person page +24 % req/s, the people search +47 %.
//
// A connection keeps its statements as long as it lives, so only the first MAX_NAMED texts get
// a name; any text after that (a query whose text grows with its values, say) runs unnamed.
//
// A generic plan knows nothing of the values, and for a few queries it is far worse than the
// plans made for each run: those run inside withCustomPlans.
export const MAX_NAMED = 1000;

const names = new Map<string, string>();

/** The statement name for a query's text, or undefined once MAX_NAMED texts have names. */
export function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (!name && names.size < MAX_NAMED) {
    name = `dw_${names.size}`;
    names.set(text, name);
  }
  return name;
}

interface QueryConfigLike {
  text?: unknown;
  name?: unknown;
}

/** A pg client that names the queries it is given as config objects (see above). */
export class NamingClient extends pg.Client {
  // pg's query() has many overloads; this passes every argument through unchanged but the name.
  override query(config: unknown, ...rest: unknown[]): never {
    let given = config;
    if (config && typeof config === 'object') {
      const { text, name } = config as QueryConfigLike;
      const named = typeof text === 'string' && !name ? statementName(text) : undefined;
      if (named) given = { ...config, name: named };
    }
    return (super.query as (this: pg.Client, ...args: unknown[]) => never).call(
      this,
      given,
      ...rest,
    );
  }
}

/**
 * Runs `work` in a transaction whose statements are planned for their values every time, for
 * queries whose generic plan misleads PostgreSQL. The team view's page of families was one: with
 * no team and partnership in view, the planner walked all 40,000 of the city's families in name
 * order (300 ms) instead of looking up the team's 780 (5 ms).
 */
export function withCustomPlans<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local plan_cache_mode = force_custom_plan`);
    return work(tx);
  });
}
