import { z } from 'zod';
import { PAGE_SIZE, type Page } from './paging.js';

// What the JSON API routes share: times as ISO strings, one shape for every list (a page of
// items with the page, its size, the page count and the total, as on the pages' lists), and
// problem+json (RFC 9457) for every refusal, described in the OpenAPI document.

export const iso = (d: Date | string) => new Date(d).toISOString();
export const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

/** A list's page in the API: `?page=` picks it, as on the pages. */
export const pageOut = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    page: z.number(),
    pageSize: z.number(),
    pageCount: z.number(),
    total: z.number(),
  });

/** `?page=`, for lists read whole (a family's network, a plan's history) and served in pages. */
export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

/** One page of a list the service returned whole, in the same shape as every other list. */
export function pageOfList<T>(items: T[], page = 1): Page<T> {
  const pageCount = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
  return {
    items: items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
    total: items.length,
    page,
    pageSize: PAGE_SIZE,
    pageCount,
  };
}

/** A page of rows mapped to their JSON form. */
export const mapPage = <T, U>(page: Page<T>, fn: (item: T) => U): Page<U> => ({
  ...page,
  items: page.items.map(fn),
});

export const problemOut = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string().optional(),
    errors: z.array(z.looseObject({ path: z.string(), message: z.string().optional() })).optional(),
  })
  .meta({ description: 'application/problem+json (RFC 9457)' });

/** The refusals every family-work route may answer with, described in the OpenAPI document. */
export const problems = {
  400: problemOut,
  401: problemOut,
  403: problemOut,
  404: problemOut,
} as const;

export { refusedProblem } from './errors.js';
