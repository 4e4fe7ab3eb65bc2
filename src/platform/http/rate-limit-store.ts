import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { RawQuery } from '../db/index.js';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * A fixed-window counter in PostgreSQL, so every app process shares one count
 * (the plugin's default store is per process). One upsert per counted request.
 */
export function pgRateLimitStore(query: RawQuery, now: () => Date): FastifyRateLimitStoreCtor {
  return class PgRateLimitStore {
    private readonly timeWindow: number;
    private readonly prefix: string;

    constructor(options: { timeWindow?: number | string }, prefix = '') {
      this.timeWindow = Number(options.timeWindow ?? 60_000);
      this.prefix = prefix;
    }

    incr(key: string, callback: Callback) {
      const at = now();
      const windowStart = new Date(at.getTime() - this.timeWindow);
      query<{ hits: number; window_start: Date }>(
        `insert into rate_limits (key, window_start, hits) values ($1, $2, 1)
         on conflict (key) do update set
           hits = case when rate_limits.window_start <= $3 then 1 else rate_limits.hits + 1 end,
           window_start = case when rate_limits.window_start <= $3 then $2 else rate_limits.window_start end
         returning hits, window_start`,
        [this.prefix + key, at, windowStart],
      ).then(
        ({ rows }) => {
          const row = rows[0]!;
          const started = new Date(row.window_start).getTime();
          callback(null, {
            current: Number(row.hits),
            ttl: Math.max(0, started + this.timeWindow - at.getTime()),
          });
        },
        (error: Error) => callback(error),
      );
    }

    // Keys already name what they count ("sign-in:<email>"), so a route's store needs no prefix.
    child(routeOptions: object) {
      // At run time the plugin passes the route's merged rate-limit settings here.
      const given = (routeOptions as { timeWindow?: unknown }).timeWindow;
      const timeWindow = typeof given === 'number' ? given : this.timeWindow;
      return new PgRateLimitStore({ timeWindow }, this.prefix);
    }
  };
}
