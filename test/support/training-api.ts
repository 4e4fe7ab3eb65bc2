import { callApi, tokenFor } from './api.js';
import type { TestApp } from './app.js';
import { makePartnership, makePerson } from './factories.js';
import { asPerson, courseWithSession } from './training.js';

// A partnership for the training API's tests: a trainer, a team with two people in it and
// their manager, someone outside the team, and a token for each kind of service account; and
// a second partnership whose ids must never be found.

export async function trainingApiWorld(t: TestApp) {
  const db = t.database.db;
  const { partnership, team, organisation } = await makePartnership(db);
  const pid = partnership.id;
  const admin = await makePerson(db, pid, { roles: ['admin'] });
  const trainer = await makePerson(db, pid, { roles: ['trainer'], name: 'Tess Trainer' });
  const boss = await makePerson(db, pid, { roles: ['manager'], teamIds: [team.id] });
  const ann = await makePerson(db, pid, {
    name: 'Ann Member',
    teamIds: [team.id],
    organisationId: organisation.id,
  });
  const ben = await makePerson(db, pid, { name: 'Ben Member', teamIds: [team.id] });
  const outsider = await makePerson(db, pid, { name: 'Olly Outsider' });

  const other = await makePartnership(db);
  const stranger = await makePerson(db, other.partnership.id, { roles: ['admin', 'trainer'] });
  const strangerToken = await tokenFor(t, other.partnership.id, stranger.id, {
    roles: ['admin', 'trainer', 'manager'],
    teamIds: [other.team.id],
  });

  const tokens = {
    admin: await tokenFor(t, pid, admin.id, { roles: ['admin'] }),
    trainer: await tokenFor(t, pid, admin.id, { roles: ['trainer'] }),
    manager: await tokenFor(t, pid, admin.id, { roles: ['manager'], teamIds: [team.id] }),
    /** A manager's token for no team: it books no one. */
    managerNoTeam: await tokenFor(t, pid, admin.id, { roles: ['manager'] }),
    practitioner: await tokenFor(t, pid, admin.id, { roles: ['practitioner'], teamIds: [team.id] }),
  };
  return {
    partnership,
    team,
    organisation,
    admin,
    trainer,
    boss,
    ann,
    ben,
    outsider,
    other: { ...other, stranger },
    tokens,
    api: {
      admin: callApi(t, tokens.admin),
      trainer: callApi(t, tokens.trainer),
      manager: callApi(t, tokens.manager),
      managerNoTeam: callApi(t, tokens.managerNoTeam),
      practitioner: callApi(t, tokens.practitioner),
      stranger: callApi(t, strangerToken),
      anonymous: callApi(t, null),
    },
    /** A course with one session run by the trainer, `days` from the test clock's now. */
    course: (opts: Parameters<typeof courseWithSession>[1] = {}) =>
      courseWithSession(asPerson(t, trainer), opts),
    as: (person: Parameters<typeof asPerson>[1]) => asPerson(t, person),
  };
}

export type TrainingApiWorld = Awaited<ReturnType<typeof trainingApiWorld>>;
