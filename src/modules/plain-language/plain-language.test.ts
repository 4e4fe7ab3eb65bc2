import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { signedIn } from '../../../test/support/families.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { findTerms, readability, syllables } from './checker.js';
import { defaultTerms } from './defaults.js';
import { checkPlainLanguage } from './service.js';

describe('plain language checker', () => {
  it('flags jargon and labels as whole words, any case, longest first, with a plain alternative', () => {
    const flags = findTerms(
      'The LAC review said the placement broke down. Mum was non-compliant and a difficult mother. Contacts, s47.',
      defaultTerms,
    );
    assert.deepEqual(
      flags.map((f) => [f.found, f.kind]),
      [
        ['LAC', 'jargon'],
        ['placement', 'jargon'],
        ['non-compliant', 'jargon'],
        ['difficult mother', 'label'],
        ['s47', 'jargon'],
      ],
    );
    assert.ok(flags.every((f) => f.suggestion.length > 0));
    assert.deepEqual(findTerms('Blackcontact placements', defaultTerms), []);
    // Everyday phrases are plain English; the same words as jargon are not.
    assert.deepEqual(
      findTerms(
        'Just in case: contact me or keep in contact. In case you need us, ring.',
        defaultTerms,
      ),
      [],
    );
    assert.deepEqual(
      findTerms('Contact with dad is in case notes.', defaultTerms).map((f) => f.found),
      ['Contact', 'case'],
    );
    // A phrase excuses only its own word, never a term a partnership adds.
    assert.deepEqual(
      findTerms('Update your contact details.', [
        { term: 'contact details', kind: 'jargon', suggestion: 'say "phone number and address"' },
      ]).map((f) => f.found),
      ['contact details'],
    );
    assert.deepEqual(
      findTerms('constructor', [{ term: 'constructor', kind: 'jargon', suggestion: 'x' }]).length,
      1,
    );
    // A word first seen inside a longer flagged term is still flagged where it stands alone.
    const later = findTerms('She is a difficult mother, they said. It was a difficult day.', [
      { term: 'difficult mother', kind: 'label', suggestion: 'say what happened' },
      { term: 'difficult', kind: 'label', suggestion: 'say what was hard' },
    ]);
    assert.deepEqual(
      later.map((f) => f.term),
      ['difficult mother', 'difficult'],
    );
  });

  it('scores readability (Flesch reading ease) and says what it means', () => {
    assert.equal(syllables('cat'), 1);
    assert.equal(syllables('family'), 3);
    const easy = readability(
      'We will meet on Monday. Nan will help. We all want the kids to be safe.',
    );
    assert.ok(easy.score! >= 80, String(easy.score));
    assert.match(easy.meaning, /easy/);
    const hard = readability(
      'Multi-agency safeguarding intervention necessitates comprehensive interdisciplinary assessment methodologies incorporating contextualised considerations.',
    );
    assert.ok(hard.score! < 30, String(hard.score));
    assert.match(hard.meaning, /hard/i);
    assert.equal(readability('Hi').score, null);
    // A list without full stops is short lines, not one long sentence.
    const list = readability(
      'Nan takes the kids to school\nDad cooks on Fridays\nWe meet again in May\nMum rests on Sundays\nThe kids tidy up',
    );
    assert.ok(list.score! >= 80, String(list.score));
  });
});

describe('plain language word list per partnership', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('admins add words and stop flagging defaults, for their partnership only', async () => {
    const one = await makePartnership(t.database.db);
    const two = await makePartnership(t.database.db);
    const admin = await makePerson(t.database.db, one.partnership.id, { roles: ['admin'] });
    const a = await signedIn(t, admin);
    const url = '/admin/plain-language';
    const bad = await a.post(url, { term: 'Kept', kind: '', suggestion: '' }, { from: url });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /value="Kept"/);
    assert.equal(
      (
        await a.post(
          url,
          { term: 'Core group', kind: 'jargon', suggestion: 'say "the meeting about your plan"' },
          { from: url },
        )
      ).statusCode,
      303,
    );
    assert.equal(
      (await a.post(`${url}/remove`, { term: 'contact' }, { from: url })).statusCode,
      303,
    );
    const text = 'The core group talked about contact.';
    const mine = await checkPlainLanguage(t.database.db, one.partnership.id, text);
    assert.deepEqual(
      mine.flags.map((f) => f.term),
      ['core group'],
    );
    const theirs = await checkPlainLanguage(t.database.db, two.partnership.id, text);
    assert.deepEqual(
      theirs.flags.map((f) => f.term),
      ['contact'],
    );
    const page = await a.get(url);
    assert.match(page.body, /core group/);
    assert.match(page.body, /Flag it again/);
    const practitioner = await makePerson(t.database.db, one.partnership.id, {
      roles: ['practitioner'],
    });
    assert.equal((await (await signedIn(t, practitioner)).get(url)).statusCode, 403);
  });
});
