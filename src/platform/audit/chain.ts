import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';

// The same text the audit_events_chain trigger hashes (migrations/0001_audit_chain.sql).
const field = (v: string | null | undefined) => `${(v ?? '').length}:${v ?? ''}`;

type ChainRow = {
  seq: string;
  partnership_id: string | null;
  chain: number;
  /** The transaction that wrote the row. */
  xmin: string;
  at_ms: string;
  actor_id: string | null;
  actor_role: string | null;
  actor_organisation_id: string | null;
  action: string;
  record_type: string;
  record_id: string | null;
  outcome: string;
  request_id: string | null;
  prev_hash: string;
  hash: string;
};

export function rowHash(r: ChainRow): string {
  const text = [
    r.prev_hash,
    r.seq,
    r.partnership_id,
    r.at_ms,
    r.actor_id,
    r.actor_role,
    r.actor_organisation_id,
    r.action,
    r.record_type,
    r.record_id,
    r.outcome,
    r.request_id,
  ]
    .map(field)
    .join('');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export interface ChainReport {
  checked: number;
  firstBroken: { seq: string; partnershipId: string | null; reason: string } | null;
}

const PAGE = 5000;

/**
 * A chain whose last row has this many of its partnership's later picks of a chain after it has
 * lost its end. The trigger picks each transaction's chain at random, so a chain still being
 * written to goes this long unpicked with a chance of (7/8)^200, about 3 in 10^12.
 */
export const STALE_AFTER_PICKS = 200;
const CHAINS = 8;

/**
 * Where a partnership's chains stand in the walk: how many transactions have picked a chain, and
 * each chain's last row and the transaction that wrote it. A transaction's rows are on one chain
 * and, the chain being locked until it ends, no other transaction's rows come between them on
 * it: a new transaction id on a chain is a new pick. Picks are counted from the partnership's
 * first row on a chain other than 0, for before the chains every row went on chain 0.
 */
interface Partnership {
  picks: number;
  started: boolean;
  lastSeq: string;
  ends: Map<number, { seq: string; picks: number; xmin: string }>;
}

/**
 * Walks every chain in order, in one snapshot, and reports the first row whose hash or link
 * does not hold. Each partnership has eight chains (ADR 0002), interleaved in the order of
 * `seq`: a row links to the row before it on its own chain, so a row moved to another chain
 * fails to link on both. Rows cut from the end of a chain break no link, so the walk also
 * reports a chain left unused while the partnership's other chains went on.
 */
export async function verifyChain(db: Db): Promise<ChainReport> {
  return db.transaction(
    async (tx) => {
      const lastHash = new Map<string, string>();
      const partnerships = new Map<string, Partnership>();
      let checked = 0;
      let after = '0';
      for (;;) {
        const { rows } = (await tx.execute<ChainRow>(sql`
          select seq::text, partnership_id::text, chain, xmin::text as xmin,
                 (extract(epoch from at) * 1000)::bigint::text as at_ms,
                 actor_id::text, actor_role, actor_organisation_id::text, action, record_type,
                 record_id, outcome, request_id, prev_hash, hash
            -- by the bigint column, not the text alias above: "10" sorts before "9"
            from audit_events where seq > ${after}::bigint order by audit_events.seq
            limit ${PAGE}`)) as { rows: ChainRow[] };
        for (const r of rows) {
          const broken = (reason: string): ChainReport => ({
            checked,
            firstBroken: { seq: r.seq, partnershipId: r.partnership_id, reason },
          });
          if (!(r.chain >= 0 && r.chain < CHAINS)) return broken('is on no chain the log uses');
          const chain = `${r.partnership_id ?? '-'}/${r.chain}`;
          if (r.prev_hash !== (lastHash.get(chain) ?? ''))
            return broken('does not link to the row before it');
          if (rowHash(r) !== r.hash) return broken('its contents do not match its hash');
          lastHash.set(chain, r.hash);
          noteEnd(partnerships, r);
          checked++;
        }
        if (rows.length < PAGE) break;
        after = rows[rows.length - 1]!.seq;
      }
      return { checked, firstBroken: cutShort(partnerships) };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

function noteEnd(partnerships: Map<string, Partnership>, r: ChainRow) {
  const key = r.partnership_id ?? '-';
  let p = partnerships.get(key);
  if (!p)
    partnerships.set(key, (p = { picks: 0, started: false, lastSeq: r.seq, ends: new Map() }));
  if (r.chain !== 0) p.started = true;
  const end = p.ends.get(r.chain);
  if (p.started && end?.xmin !== r.xmin) p.picks++;
  p.lastSeq = r.seq;
  p.ends.set(r.chain, { seq: r.seq, picks: p.picks, xmin: r.xmin });
}

/** The first chain, if any, that stopped while its partnership's other chains went on. */
function cutShort(partnerships: Map<string, Partnership>): ChainReport['firstBroken'] {
  for (const [key, p] of partnerships) {
    const partnershipId = key === '-' ? null : key;
    if (p.picks < STALE_AFTER_PICKS) continue;
    for (let chain = 0; chain < CHAINS; chain++) {
      const end = p.ends.get(chain);
      if (!end)
        return {
          seq: p.lastSeq,
          partnershipId,
          reason: `ends a partnership whose chain ${chain} has no rows, though the others have gone on: its rows may have been deleted`,
        };
      if (p.picks - end.picks >= STALE_AFTER_PICKS)
        return {
          seq: end.seq,
          partnershipId,
          reason: `is the last row on chain ${chain}, though the others have gone on: rows after it may have been deleted`,
        };
    }
  }
  return null;
}
