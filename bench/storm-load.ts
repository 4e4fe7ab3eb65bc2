import { csrfOf, header, remember } from './sign-in.js';

// The booking storm's client, run as a child process like load.ts. First, for each person,
// the session page they will book (with the session cookie the bench made for them): its
// cookies and CSRF token, as a browser keeps them. Then every booking at once: `connections`
// requests in flight, each a real form post to POST /training/sessions/:id/book.

export interface StormJob {
  origin: string;
  /** Each person's session cookie value and the page to fetch their CSRF token from. */
  people: { token: string; page: string }[];
  /** Each booking: which person, and the path it posts to. */
  requests: { person: number; path: string }[];
  connections: number;
  timeoutMs: number;
}

export type Outcome =
  'booked' | 'waitlisted' | 'awaiting_approval' | 'refused' | 'unexpected' | 'no answer';

export interface StormAnswer {
  status: number;
  outcome: Outcome;
  ms: number;
  /** For a refusal, the reason the page gave; for anything unexpected, what came back. */
  detail?: string;
}

export interface StormResult {
  answers: StormAnswer[];
  seconds: number;
  csrfSeconds: number;
}

async function inTurn(count: number, concurrency: number, work: (i: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(count, concurrency) }, worker));
}

async function browserState(job: StormJob) {
  const state: { cookie: string; csrf: string }[] = [];
  await inTurn(job.people.length, 20, async (i) => {
    const person = job.people[i]!;
    const jar = new Map([['dw_session', person.token]]);
    const page = await fetch(job.origin + person.page, {
      headers: { cookie: header(jar) },
      redirect: 'manual',
    });
    remember(jar, page);
    const csrf = csrfOf(await page.text());
    if (page.status !== 200 || !csrf)
      throw new Error(`${person.page} answered ${page.status} with no form to book from`);
    state[i] = { cookie: header(jar), csrf };
  });
  return state;
}

const reasonOf = (html: string) =>
  /<p class="govuk-body[^"]*">([^<]+)<\/p>/.exec(html)?.[1]?.trim().slice(0, 160);

async function book(
  job: StormJob,
  state: { cookie: string; csrf: string },
  path: string,
): Promise<StormAnswer> {
  const started = performance.now();
  try {
    const response = await fetch(job.origin + path, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: state.cookie,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ _csrf: state.csrf }).toString(),
      signal: AbortSignal.timeout(job.timeoutMs),
    });
    const html = await response.text();
    const ms = performance.now() - started;
    const done = /[?&]done=([a-z_]+)/.exec(response.headers.get('location') ?? '')?.[1];
    if (response.status === 303 && (done === 'booked' || done === 'waitlisted'))
      return { status: 303, outcome: done, ms } satisfies StormAnswer;
    if (response.status === 303 && done === 'awaiting_approval')
      return { status: 303, outcome: 'awaiting_approval', ms } satisfies StormAnswer;
    if (response.status === 409)
      return { status: 409, outcome: 'refused', ms, detail: reasonOf(html) } satisfies StormAnswer;
    return {
      status: response.status,
      outcome: 'unexpected',
      ms,
      detail: response.headers.get('location') ?? reasonOf(html) ?? html.slice(0, 160),
    } satisfies StormAnswer;
  } catch (error) {
    const ms = performance.now() - started;
    return {
      status: 0,
      outcome: 'no answer',
      ms,
      detail: (error as Error).message,
    } satisfies StormAnswer;
  }
}

process.once('message', (job: StormJob) => {
  void (async () => {
    const before = performance.now();
    const state = await browserState(job);
    const csrfSeconds = (performance.now() - before) / 1000;
    const answers: StormAnswer[] = [];
    const started = performance.now();
    await inTurn(job.requests.length, job.connections, async (i) => {
      const r = job.requests[i]!;
      answers[i] = await book(job, state[r.person]!, r.path);
    });
    const seconds = (performance.now() - started) / 1000;
    const result: StormResult = { answers, seconds, csrfSeconds };
    process.send!(result, () => process.exit(0));
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
