import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';

// The same text the audit_events_chain trigger hashes (migrations/0001_audit_chain.sql).
const field = (v: string | null | undefined) => `${(v ?? '').length}:${v ?? ''}`;

type ChainRow = {
  seq: string;
  partnership_id: string | null;
  chain: number;
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
 * A chain whose last row has this many of its partnership's later switches between chains after
 * it has lost its end. The trigger picks each transaction's chain at random, so a chain still
 * being written to goes this long unused with a chance of (6/7)^200, about 4 in 10^14.
 */
export const STALE_AFTER_SWITCHES = 200;
const CHAINS = 8;

/** Where a partnership's chains stand in the walk: switches between chains, and each chain's end. */
interface Partnership {
  switches: number;
  lastChain: number | null;
  lastSeq: string;
  ends: Map<number, { seq: string; switches: number }>;
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
          select seq::text, partnership_id::text, chain,
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
    partnerships.set(key, (p = { switches: 0, lastChain: null, lastSeq: r.seq, ends: new Map() }));
  if (p.lastChain !== null && p.lastChain !== r.chain) p.switches++;
  p.lastChain = r.chain;
  p.lastSeq = r.seq;
  p.ends.set(r.chain, { seq: r.seq, switches: p.switches });
}

/** The first chain, if any, that stopped while its partnership's other chains went on. */
function cutShort(partnerships: Map<string, Partnership>): ChainReport['firstBroken'] {
  for (const [key, p] of partnerships) {
    const partnershipId = key === '-' ? null : key;
    if (p.switches < STALE_AFTER_SWITCHES) continue;
    for (let chain = 0; chain < CHAINS; chain++) {
      const end = p.ends.get(chain);
      if (!end)
        return {
          seq: p.lastSeq,
          partnershipId,
          reason: `ends a partnership whose chain ${chain} has no rows, though the others have gone on: its rows may have been deleted`,
        };
      if (p.switches - end.switches >= STALE_AFTER_SWITCHES)
        return {
          seq: end.seq,
          partnershipId,
          reason: `is the last row on chain ${chain}, though the others have gone on: rows after it may have been deleted`,
        };
    }
  }
  return null;
}
