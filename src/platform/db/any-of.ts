import { type Column, type SQL, sql } from 'drizzle-orm';

/**
 * `column = any($1)`: a list of ids sent as one array parameter. drizzle's inArray writes a
 * parameter for each value, so every request builds and sends the list value by value, and each
 * length of list is a text of its own, and so a named statement of its own (ADR 0009). An empty
 * list matches nothing, as inArray's does.
 */
export const anyOf = (column: Column, values: readonly string[]): SQL =>
  sql`${column} = any(${sql.param([...values])})`;
