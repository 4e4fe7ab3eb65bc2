import { createHash } from 'node:crypto';
import type { RawQuery } from '../db/index.js';

// The same text the audit_events_chain trigger hashes (migrations/0001_audit_chain.sql).
const field = (v: string | null | undefined) => `${(v ?? '').length}:${v ?? ''}`;

interface ChainRow {
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
}

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
 * Walks every chain in order and reports the first row whose hash or link does not hold. Each
 * partnership has eight chains (ADR 0002), interleaved in the order of `seq`: a row links to the
 * row before it on its own chain, so a row moved to another chain fails to link on both.
 */
export async function verifyChain(query: RawQuery): Promise<ChainReport> {
  const lastHash = new Map<string, string>();
  let checked = 0;
  let after = '0';
  for (;;) {
    const { rows } = await query<ChainRow>(
      `select seq::text, partnership_id::text, chain, (extract(epoch from at) * 1000)::bigint::text as at_ms,
              actor_id::text, actor_role, actor_organisation_id::text, action, record_type,
              record_id, outcome, request_id, prev_hash, hash
         -- by the bigint column, not the text alias above: "10" sorts before "9"
         from audit_events where seq > $1::bigint order by audit_events.seq limit ${PAGE}`,
      [after],
    );
    for (const r of rows) {
      const chain = `${r.partnership_id ?? '-'}/${r.chain}`;
      const expectedPrev = lastHash.get(chain) ?? '';
      const broken = (reason: string): ChainReport => ({
        checked,
        firstBroken: { seq: r.seq, partnershipId: r.partnership_id, reason },
      });
      if (r.prev_hash !== expectedPrev) return broken('does not link to the row before it');
      if (rowHash(r) !== r.hash) return broken('its contents do not match its hash');
      lastHash.set(chain, r.hash);
      checked++;
    }
    if (rows.length < PAGE) return { checked, firstBroken: null };
    after = rows[rows.length - 1]!.seq;
  }
}
