import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { notFound } from './errors.js';

// What every list page shares: one page of rows and the total, ids from the path, and links
// that keep the search.

export const PAGE_SIZE = 25;

/** A list's ?page=: anything but a page number is no page (the first). */
export const listPage = z.coerce.number().int().min(1).max(100_000).optional().catch(undefined);

/** The page of a list asked for (?page=), outside a list's own query schema. */
export const pageNumber = (request: FastifyRequest) =>
  listPage.parse((request.query as { page?: string } | undefined)?.page) ?? 1;

/**
 * A list's search words (?q=), trimmed. Over-long words are cut to `max`, not dropped: dropped,
 * the list would show everything as if no search had been made.
 */
export const searchWords = (max = 200) =>
  z
    .preprocess(
      (v) => (typeof v === 'string' ? v.trim().slice(0, max) : v),
      z.string().optional().catch(undefined),
    )
    .describe(`Search words; only the first ${max} characters are used`);

/**
 * A list page's query from the API's: a filter value the page never offers (a stale or edited
 * link) is no filter, and the page lists as its own links would. The API refuses the same value
 * with a 400, so that a client's typo is not read as "everyone".
 */
export function forgiving<S extends z.ZodRawShape>(schema: z.ZodObject<S>) {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => [
      key,
      (field as unknown as z.ZodType).optional().catch(undefined),
    ]),
  );
  return z.object(shape as unknown as { [K in keyof S]: z.ZodCatch<z.ZodOptional<S[K]>> });
}

/**
 * The search words of a list page (?q=), or '' for none. A ?q= sent twice (an edited address, a
 * form with two boxes of that name) is no search, not an error.
 */
export const searchOf = (request: FastifyRequest, max = 200) =>
  searchWords(max).parse((request.query as { q?: unknown } | undefined)?.q) ?? '';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
}

/** Rows carrying `total` (count over the whole match) as one page of a list. */
export function pageOf<T extends { total: number }>(rows: T[], page = 1): Page<Omit<T, 'total'>> {
  const total = rows[0]?.total ?? 0;
  return {
    items: rows.map(({ total: _total, ...rest }) => rest),
    total,
    page,
    pageSize: PAGE_SIZE,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}

/**
 * pageOf for a query that counts in its own rows: a page past the end has no row to carry the
 * total, so the first page is read for it (only then), and the list can offer its last page.
 */
export async function windowedPage<T extends { total: number }>(
  read: (page: number) => Promise<T[]>,
  page = 1,
): Promise<Page<Omit<T, 'total'>>> {
  const rows = await read(page);
  if (rows.length || page <= 1) return pageOf(rows, page);
  return { ...pageOf(await read(1), page), items: [] };
}

/**
 * One page of a list, with the total counted by a query of its own. Counting in the page's own
 * query (`count(*) over ()`) makes the database read every match for every page; a separate
 * count reads no rows it does not need, and is skipped when the page shows where the list ends.
 */
export async function countedPage<T>(
  items: T[],
  page = 1,
  count: () => Promise<number>,
): Promise<Page<T>> {
  const before = (page - 1) * PAGE_SIZE;
  const ended = items.length < PAGE_SIZE && (items.length > 0 || page === 1);
  const total = ended ? before + items.length : await count();
  return {
    items,
    total,
    page,
    pageSize: PAGE_SIZE,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}

const uuid = z.uuid();

/** The :id of the path; an id that cannot exist is simply not found. */
export function idOf(request: FastifyRequest): string {
  const { id } = request.params as { id?: string };
  if (!uuid.safeParse(id).success) throw notFound();
  return id!;
}

/** The URL of a list with the given query, leaving out what is empty. */
export function listUrl(path: string, query: Record<string, string | number | undefined>) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== '' && !(k === 'page' && v === 1)) params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/**
 * The govukPagination macro's parameters, or null when everything fits on one page. A page past
 * the end (an old link, a list that got shorter) gets them too, so it can offer the last page.
 */
export function pagination(
  path: string,
  query: Record<string, string | number | undefined>,
  page: Page<unknown>,
) {
  if (!page.total || (page.pageCount <= 1 && page.page <= 1)) return null;
  const link = (n: number) => listUrl(path, { ...query, page: n });
  const shown = new Set([1, page.pageCount, page.page - 1, page.page, page.page + 1]);
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = [];
  let last = 0;
  for (let n = 1; n <= page.pageCount; n++) {
    if (!shown.has(n)) continue;
    if (n - last > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: link(n), current: n === page.page });
    last = n;
  }
  return {
    items,
    previous: page.page > 1 ? { href: link(Math.min(page.page - 1, page.pageCount)) } : undefined,
    next: page.page < page.pageCount ? { href: link(page.page + 1) } : undefined,
    lastPage: link(page.pageCount),
  };
}

/** "Showing 26 to 50 of 120", for the line above a list. */
export function showing(page: Page<unknown>) {
  if (!page.total || !page.items.length) return null; // nothing on this page: past the end
  const from = (page.page - 1) * page.pageSize + 1;
  return { from, to: Math.min(page.total, from + page.items.length - 1), total: page.total };
}
