import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { auditEvents } from '../audit/tables.js';
import { people } from '../tenancy/tables.js';
import { contextFor } from '../../../test/support/partnership.js';
import { anonymous } from '../access/actor.js';
import { signInWithPassword } from './service.js';
import { sessions } from './tables.js';

describe('signing in and out', () => {
  let t: TestApp;
  let partnershipId: string;
  before(async () => {
    t = await startTestApp();
    partnershipId = (await makePartnership(t.database.db)).partnership.id;
  });
  after(() => t.close());

  it('signs in with email and password, stores the session in the database, and signs out on the server', async () => {
    const person = await makePerson(t.database.db, partnershipId, { name: 'Sam Signin' });
    const agent = new Agent(t.app);
    await agent.signIn(person.email.toUpperCase(), PASSWORD);
    const home = await agent.get('/');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Welcome, Sam Signin/);
    assert.equal(home.headers['cache-control'], 'no-store');
    const stored = await t.database.db
      .select()
      .from(sessions)
      .where(eq(sessions.personId, person.id));
    assert.equal(stored.length, 1);

    const out = await agent.post('/sign-out', {});
    assert.equal(out.statusCode, 303);
    assert.equal(
      (await t.database.db.select().from(sessions).where(eq(sessions.personId, person.id))).length,
      0,
    );
    assert.equal((await agent.get('/')).statusCode, 303);
  });

  it('gives the same answer for an unknown email and a wrong password, and keeps the email typed', async () => {
    const person = await makePerson(t.database.db, partnershipId);
    const agent = new Agent(t.app);
    const wrong = await agent.post(
      '/sign-in',
      { email: person.email, password: 'not the password' },
      { from: '/sign-in' },
    );
    const unknown = await agent.post(
      '/sign-in',
      { email: 'nobody@example.test', password: 'not the password' },
      { from: '/sign-in' },
    );
    assert.equal(wrong.statusCode, 400);
    assert.equal(unknown.statusCode, 400);
    const message = (body: string) =>
      /govuk-error-summary__list[\s\S]*?<a[^>]*>([^<]+)</.exec(body)?.[1];
    assert.ok(message(wrong.body));
    assert.equal(message(wrong.body), message(unknown.body));
    assert.match(wrong.body, /<title>Error: Sign in/);
    assert.match(unknown.body, /value="nobody@example.test"/);
  });

  it('refuses an empty form with a specific message for each field', async () => {
    const res = await new Agent(t.app).post(
      '/sign-in',
      { email: '', password: '' },
      { from: '/sign-in' },
    );
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Enter your email address/);
    assert.match(res.body, /Enter your password/);
  });

  it('locks an account for 30 minutes after six failures, even against the right password', async () => {
    const person = await makePerson(t.database.db, partnershipId);
    const agent = new Agent(t.app);
    for (let i = 0; i < 6; i++) {
      const res = await agent.post(
        '/sign-in',
        { email: person.email, password: `wrong ${i}` },
        { from: '/sign-in' },
      );
      assert.equal(res.statusCode, 400);
    }
    const [locked] = await t.database.db.select().from(people).where(eq(people.id, person.id));
    assert.ok(locked!.lockedUntil && locked!.lockedUntil > t.clock.now());

    t.clock.advance(61_000); // past the rate limit's minute, still within the lock
    const refused = await agent.post(
      '/sign-in',
      { email: person.email, password: PASSWORD },
      { from: '/sign-in' },
    );
    assert.equal(refused.statusCode, 400);

    t.clock.advance(30 * 60_000);
    const allowed = await agent.post(
      '/sign-in',
      { email: person.email, password: PASSWORD },
      { from: '/sign-in' },
    );
    assert.equal(allowed.statusCode, 303);

    const rows = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.recordId, person.id));
    assert.ok(rows.some((r) => r.action === 'auth.locked'));
    assert.ok(
      rows.filter((r) => r.action === 'auth.sign-in' && r.outcome === 'denied').length >= 7,
    );
    assert.ok(rows.some((r) => r.action === 'auth.sign-in' && r.outcome === 'allowed'));
  });

  it('counts every failure when attempts arrive at once, from many processes', async () => {
    // The rate limit allows six a minute per app process; behind a load balancer each process
    // counts its own, so the account's own count must hold however the attempts interleave.
    const person = await makePerson(t.database.db, partnershipId);
    const ctx = { ...contextFor(t.database.db, t.mail, person, t.clock.now()), actor: anonymous };
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => signInWithPassword(ctx, person.email, `wrong ${i}`)),
    );
    assert.ok(results.every((r) => !r.ok));
    const [after] = await t.database.db.select().from(people).where(eq(people.id, person.id));
    assert.ok(after!.lockedUntil && after!.lockedUntil > t.clock.now(), 'locked after six');
    // The right password, sent alongside wrong ones, cannot slip past a lock either.
    const late = await signInWithPassword(ctx, person.email, PASSWORD);
    assert.equal(late.ok, false);
  });

  it('answers the 7th attempt on one account within a minute with 429', async () => {
    const person = await makePerson(t.database.db, partnershipId);
    const agent = new Agent(t.app);
    const codes: number[] = [];
    let last = '';
    for (let i = 0; i < 7; i++) {
      const res = await agent.post(
        '/sign-in',
        { email: person.email, password: 'nope' },
        { from: '/sign-in' },
      );
      codes.push(res.statusCode);
      last = res.body;
    }
    assert.deepEqual(codes, [400, 400, 400, 400, 400, 400, 429]);
    // By now the account is locked for 30 minutes: "wait a minute" would send them to a refusal.
    assert.match(
      last,
      /the account is locked for 30 minutes: wait 30 minutes, or reset your password/,
    );
    assert.doesNotMatch(last, /Wait a minute/);
    assert.match(last, /href="\/forgot-password"/);
  });

  it('keeps "wait a minute" for the limits that last a minute', async () => {
    const agent = new Agent(t.app);
    let res;
    for (let i = 0; i < 11; i++)
      res = await agent.post(
        '/forgot-password',
        { email: `nobody-${i}@example.org` },
        { from: '/forgot-password' },
      );
    assert.equal(res?.statusCode, 429);
    assert.match(res?.body ?? '', /Wait a minute/);
  });

  it('answers the 61st attempt from one address within a minute with 429, whatever the accounts', async () => {
    t.clock.advance(61_000); // a fresh minute
    const codes: number[] = [];
    for (let i = 0; i < 61; i++) {
      const res = await new Agent(t.app).post(
        '/sign-in',
        { email: `sprayed-${i}@example.test`, password: 'Summer2026!' },
        { from: '/sign-in' },
      );
      codes.push(res.statusCode);
    }
    assert.ok(codes.slice(0, 60).every((c) => c === 400));
    assert.equal(codes[60], 429);
    t.clock.advance(61_000); // and the next minute, the address may try again
    const person = await makePerson(t.database.db, partnershipId);
    await new Agent(t.app).signIn(person.email, PASSWORD);
  });

  it('ends a session after 30 idle minutes, and after 12 hours however active', async () => {
    const person = await makePerson(t.database.db, partnershipId);
    const agent = new Agent(t.app);
    await agent.signIn(person.email, PASSWORD);
    t.clock.advance(29 * 60_000);
    assert.equal((await agent.get('/')).statusCode, 200);
    t.clock.advance(31 * 60_000);
    assert.equal((await agent.get('/')).statusCode, 303, 'idle timeout');

    await agent.signIn(person.email, PASSWORD);
    for (let i = 0; i < 25; i++) {
      t.clock.advance(29 * 60_000);
      const res = await agent.get('/');
      if (i < 24) assert.equal(res.statusCode, 200, `still active after ${(i + 1) * 29} minutes`);
      else assert.equal(res.statusCode, 303, 'absolute timeout');
    }
  });

  it('says why when a page asks someone whose session has ended to sign in again', async () => {
    const person = await makePerson(t.database.db, partnershipId);
    const agent = new Agent(t.app);
    await agent.signIn(person.email, PASSWORD);
    await agent.get('/');
    t.clock.advance(31 * 60_000);
    const res = await agent.get('/framework');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/sign-in?returnTo=%2Fframework&ended');
    const page = await agent.get(String(res.headers.location));
    assert.match(page.body, /You were signed out because your session ended/);
    assert.match(page.body, /name="returnTo" value="\/framework"/);

    // Someone who was never signed in is just asked to sign in.
    const stranger = await new Agent(t.app).get('/framework');
    assert.equal(stranger.headers.location, '/sign-in?returnTo=%2Fframework');
    const plain = await new Agent(t.app).get(String(stranger.headers.location));
    assert.doesNotMatch(plain.body, /signed out because/);
  });

  it('keeps what was typed when the session expired, and offers it back after signing in', async () => {
    const person = await makePerson(t.database.db, partnershipId);
    const agent = new Agent(t.app);
    await agent.signIn(person.email, PASSWORD);
    await agent.get('/');
    t.clock.advance(31 * 60_000);
    const expired = await agent.post('/session/keep-alive', {
      note: 'My careful notes <b>here</b>',
    });
    assert.equal(expired.statusCode, 401);
    assert.match(expired.body, /You were signed out/);
    const resume = /name="resume" value="([^"]+)"/.exec(expired.body)![1]!;
    const back = await agent.post('/sign-in', { email: person.email, password: PASSWORD, resume });
    assert.equal(back.statusCode, 200);
    assert.match(back.body, /not been saved yet/);
    assert.match(back.body, /value="My careful notes &lt;b&gt;here&lt;\/b&gt;"/);
    assert.match(back.body, /action="\/session\/keep-alive"/);
  });

  it('keeps nothing from a signed-out post without our CSRF token: another site cannot plant a form', async () => {
    // A cross-site form reaches us without the session cookie (SameSite) and without the
    // CSRF cookie (SameSite=Strict): it must be refused, not offered back after signing in.
    const stranger = new Agent(t.app);
    const planted = await stranger.post(
      '/admin/people/new',
      { name: 'Mallory', email: 'mallory@evil.example', roles: 'admin' },
      { csrf: false },
    );
    assert.equal(planted.statusCode, 403);
    assert.doesNotMatch(planted.body, /name="resume"|mallory/i);
    const [row] = await t.database.db
      .select()
      .from(people)
      .where(eq(people.email, 'mallory@evil.example'));
    assert.equal(row, undefined);
  });

  it('sends someone only to a path on this site after signing in', async () => {
    const person = await makePerson(t.database.db, partnershipId);
    for (const returnTo of [
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '/%09/ok',
      'https://evil.example',
    ]) {
      const agent = new Agent(t.app);
      await agent.get(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
      const res = await agent.post('/sign-in', {
        email: person.email,
        password: PASSWORD,
        returnTo,
      });
      assert.equal(res.statusCode, 303);
      const expected = returnTo === '/%09/ok' ? '/%09/ok' : '/';
      assert.equal(res.headers.location, expected, `returnTo ${JSON.stringify(returnTo)}`);
    }
  });

  it('ends every session of a person at once when they are deactivated', async () => {
    const person = await makePerson(t.database.db, partnershipId);
    const phone = new Agent(t.app);
    const laptop = new Agent(t.app);
    await phone.signIn(person.email, PASSWORD);
    await laptop.signIn(person.email, PASSWORD);
    await t.database.db
      .update(people)
      .set({ deactivatedAt: t.clock.now() })
      .where(eq(people.id, person.id));
    assert.equal((await phone.get('/')).statusCode, 303);
    assert.equal((await laptop.get('/')).statusCode, 303);
  });
});
