import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countedPage, PAGE_SIZE, pagination, showing, windowedPage } from './paging.js';

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ i }));

/** A count that records whether it was asked for. */
function counter(total: number) {
  const c = { calls: 0, count: async () => (c.calls++, total) };
  return c;
}

describe('a page of a list with its total', () => {
  it('takes the total from a short page without counting', async () => {
    const first = counter(999);
    const page = await countedPage(rows(7), 1, first.count);
    assert.deepEqual([page.total, page.pageCount, first.calls], [7, 1, 0]);

    const last = counter(999);
    const third = await countedPage(rows(3), 3, last.count);
    assert.deepEqual([third.total, third.pageCount, last.calls], [2 * PAGE_SIZE + 3, 3, 0]);

    const none = counter(999);
    const empty = await countedPage([], 1, none.count);
    assert.deepEqual([empty.total, empty.pageCount, none.calls], [0, 1, 0]);
  });

  it('counts when a full page may have more after it', async () => {
    const c = counter(60);
    const page = await countedPage(rows(PAGE_SIZE), 1, c.count);
    assert.deepEqual([page.total, page.pageCount, c.calls], [60, 3, 1]);
  });

  it('counts when a page past the end is empty, so the pages that exist are still linked', async () => {
    const c = counter(30);
    const page = await countedPage([], 5, c.count);
    assert.deepEqual([page.total, page.pageCount, page.items.length, c.calls], [30, 2, 0, 1]);
    // and no "Showing 101 to 100 of 30" above it
    assert.equal(showing(page), null);
    const second = await countedPage(rows(5), 2, counter(30).count);
    assert.deepEqual(showing(second), { from: 26, to: 30, total: 30 });
  });

  it('links a page past the end to the pages there are, however short the list', async () => {
    const past = await countedPage([], 9, counter(30).count);
    const links = pagination('/families', { q: 'ok' }, past)!;
    assert.equal(links.lastPage, '/families?q=ok&page=2');
    assert.equal(links.previous?.href, '/families?q=ok&page=2', 'not page 8, which is empty too');
    assert.equal(links.next, undefined);
    const short = await countedPage([], 2, counter(3).count);
    assert.equal(pagination('/families', {}, short)?.lastPage, '/families');
    assert.equal(
      pagination('/families', {}, await countedPage(rows(3), 1, counter(3).count)),
      null,
    );
    const nothing = await countedPage([], 2, counter(0).count);
    assert.equal(pagination('/families', {}, nothing), null, 'no pager under an empty list');
  });

  it('reads the first page for the total when a page counted in its rows is past the end', async () => {
    const asked: number[] = [];
    const read = async (n: number) => {
      asked.push(n);
      return n === 1 ? [{ i: 1, total: 30 }] : [];
    };
    const past = await windowedPage(read, 5);
    assert.deepEqual([past.items.length, past.total, past.pageCount, past.page], [0, 30, 2, 5]);
    assert.deepEqual(asked, [5, 1]);
    asked.length = 0;
    assert.equal((await windowedPage(read, 1)).total, 30);
    assert.deepEqual(asked, [1], 'a page with rows is read once');
  });
});
