import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { auditRows, meetingWorld } from '../../../test/support/meetings.js';
import { createApiToken } from '../../platform/auth/api-tokens.js';
import { meetingAnswers, openGuide, saveAnswers } from './guide.js';
import { answersSchema, meetingSchema } from './schemas.js';
import * as service from './service.js';

// The meetings API and the services under it. A service-account token is refused family data
// (403 problem+json, audited), as in the families API. The services take the API's schemas.

describe('meetings API and services', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof meetingWorld>>;
  let secret: string;
  let meetingId: string;

  before(async () => {
    t = await startTestApp();
    w = await meetingWorld(t);
    ({ secret } = await createApiToken(t.database.db, {
      partnershipId: w.partnership.id,
      name: 'Reporting',
      roles: ['admin'],
      createdBy: w.practitioner.id,
    }));
  });
  after(() => t.close());

  const call = (method: 'GET' | 'POST', url: string, payload?: object, token = secret) =>
    t.app.inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(payload && { payload }),
    });

  it('refuses a service-account token with 403 problem+json, audited', async () => {
    for (const [method, url] of [
      ['GET', `/api/v1/families/${w.family.id}/meetings`],
      ['POST', `/api/v1/families/${w.family.id}/meetings`],
      ['GET', `/api/v1/meetings/${w.family.id}`],
      ['POST', `/api/v1/meetings/${w.family.id}/answers`],
    ] as const) {
      const res = await call(method, url, method === 'POST' ? {} : undefined);
      assert.equal(res.statusCode, 403, url);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    }
    const denied = await auditRows(t, 'access.denied', 'GET /api/v1/meetings/:id', 'denied');
    assert.equal(denied.length, 1);
  });

  it('asks for a token without one', async () => {
    const res = await call('GET', `/api/v1/meetings/${w.family.id}`, undefined, '');
    assert.equal(res.statusCode, 401);
  });

  it('creates a circle and records answers through the API’s schemas', async () => {
    const ctx = w.ctx.practitioner();
    const input = meetingSchema.parse({
      kind: 'circle',
      title: 'Circle',
      purpose: 'proactive',
      'date-day': '3',
      'date-month': '3',
      'date-year': '2027',
      time: '09:30',
      onlineLink: 'https://meet.example.org/x',
      facilitatorId: w.practitioner.id,
    });
    const saved = await service.createMeeting(ctx, w.family.id, input);
    assert.ok(saved.ok);
    meetingId = saved.id;
    const added = await service.addParticipant(ctx, meetingId, {
      who: `network:${w.network[0]!.id}`,
      role: 'supporter',
    });
    assert.ok(added.ok);
    const screen = await openGuide(ctx, meetingId);
    assert.equal(screen.total, 3);
    const moved = await saveAnswers(
      ctx,
      meetingId,
      answersSchema.parse({ q: 1, go: 'next', [`answer-${added.id}`]: ' Nan:  “I can help.” ' }),
    );
    assert.equal(moved.position, 2);
    const record = await meetingAnswers(ctx, meetingId);
    assert.deepEqual(record[0]!.answers, [
      { participantId: added.id, name: 'Nan Rivers', answer: ' Nan:  “I can help.” ' },
    ]);
    await service.saveOutcome(ctx, meetingId, { outcome: 'Nan walks Ben to school' });
    const outcome = await service.meetingOutcome(ctx, meetingId);
    assert.equal(outcome.outcome, 'Nan walks Ben to school');
    assert.equal(outcome.familyId, w.family.id);
    assert.equal(outcome.participants[0]!.networkMemberId, w.network[0]!.id);
  });

  it('refuses a facilitator from another partnership and rolls back, audit row included', async () => {
    const ctx = w.ctx.practitioner();
    const input = meetingSchema.parse({
      kind: 'circle',
      title: 'Circle',
      purpose: 'proactive',
      'date-day': '3',
      'date-month': '3',
      'date-year': '2027',
      time: '09:30',
      place: 'Home',
      facilitatorId: '00000000-0000-4000-8000-000000000000',
    });
    const saved = await service.createMeeting(ctx, w.family.id, input);
    assert.deepEqual(saved, {
      ok: false,
      errors: { facilitatorId: 'Choose who is facilitating from the list' },
    });
  });

  it('refuses someone who cannot see the family, as not found, audited', async () => {
    await assert.rejects(openGuide(w.ctx.other(), meetingId), { statusCode: 404 });
    await assert.rejects(service.meetingOutcome(w.ctx.other(), meetingId), { statusCode: 404 });
  });

  it('lists its routes in the OpenAPI document', async () => {
    const res = await call('GET', '/api/v1/openapi.json');
    assert.equal(res.statusCode, 200);
    const paths = Object.keys(res.json<{ paths: Record<string, unknown> }>().paths);
    assert.ok(paths.some((p) => p.includes('/meetings/{id}/answers')));
  });
});
