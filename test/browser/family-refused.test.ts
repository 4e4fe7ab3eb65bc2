import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { PASSWORD } from '../support/factories.js';
import { familyAudit, familyWorld } from '../support/families.js';
import { startBrowserSuite, type BrowserSuite, type Journey } from './support.js';

// A practitioner records a family and its network; a practitioner of another team is refused
// it (a "page not found", audited as denied). axe checks every page on the way.

const follow = async (
  j: Journey,
  name: string,
  role: 'link' | 'button' = 'link',
  within: Page | Locator = j.page,
) => {
  await Promise.all([
    j.page.waitForNavigation(),
    within.getByRole(role, { name, exact: true }).click(),
  ]);
  await j.check();
};

describe('a family is refused to a practitioner of another team', () => {
  let s: BrowserSuite;
  let w: Awaited<ReturnType<typeof familyWorld>>;
  before(async () => {
    s = await startBrowserSuite();
    w = await familyWorld(s.t);
  });
  after(() => s?.close());

  it('records a family with its network, then refuses it to another team', async () => {
    const pat = await s.journey();
    await pat.signIn(w.practitioner.email, PASSWORD);
    await follow(pat, 'Families', 'link', pat.page.getByRole('navigation', { name: 'Menu' }));
    assert.equal(await pat.heading(), 'Families');
    await follow(pat, 'Add a family', 'button');
    await pat.submit({}, 'Add family');
    assert.match(await pat.page.title(), /^Error: /);
    await pat.submit(
      {
        'Family name': 'The <b>Bold</b> family',
        'Their name': 'Rosa',
        'Their relationship in the family': 'mum',
      },
      'Add family',
    );
    assert.equal(await pat.heading(), 'The <b>Bold</b> family');
    const familyPath = pat.pathname();

    // A member with a date of birth; a date that is not real is refused first.
    await follow(pat, 'Add a person to the family', 'button');
    await pat.page.getByLabel('Day').fill('31');
    await pat.page.getByLabel('Month').fill('2');
    await pat.page.getByLabel('Year').fill('2016');
    await pat.submit({ Name: 'Kai', 'Relationship in the family': 'son' }, 'Save');
    assert.match(await pat.page.title(), /^Error: /);
    await pat.page.getByLabel('Day').fill('3');
    await pat.submit({}, 'Save');
    assert.match(await pat.page.getByText('3 February 2016').innerText(), /age 10/);

    // The network, with a professional (the organisation question is revealed).
    await follow(
      pat,
      'Network',
      'link',
      pat.page.getByRole('navigation', { name: 'Family record' }),
    );
    await follow(pat, 'Add someone to the network', 'button');
    await pat.page.getByLabel('Relative').check();
    await pat.page.getByLabel('Strong', { exact: true }).check();
    await pat.submit({ Name: 'Nan', 'Relationship to the family': 'mum’s mum' }, 'Save');
    await follow(pat, 'Add someone to the network', 'button');
    await pat.page.getByLabel('Professional').check();
    await pat.check(); // with the revealed question
    await pat.page.getByLabel('Stressful').check();
    await pat.submit(
      {
        Name: 'Sol',
        'Organisation or service (optional)': 'Children’s services',
        'Relationship to the family': 'social worker',
      },
      'Save',
    );
    assert.match(
      await pat.page.locator('#network-count').innerText(),
      /1 person from the family’s own network and 1 professional/,
    );
    const ecomap = pat.page.getByRole('img', { name: 'Ecomap of The <b>Bold</b> family' });
    assert.equal(await ecomap.count(), 1);
    const networkPath = pat.pathname();

    // Another team's practitioner: the family does not exist for them.
    const oli = await s.journey();
    await oli.signIn(w.otherPractitioner.email, PASSWORD);
    await follow(oli, 'Families', 'link', oli.page.getByRole('navigation', { name: 'Menu' }));
    assert.equal(await oli.page.getByText('The <b>Bold</b> family').count(), 0);
    for (const path of [familyPath, networkPath]) {
      const response = await oli.visit(path);
      assert.equal(response?.status(), 404, path);
      assert.equal(await oli.heading(), 'Page not found');
      assert.equal(await oli.page.getByText('Bold').count(), 0);
    }
    const familyId = familyPath.split('/')[2]!;
    assert.ok((await familyAudit(s.t, 'family.viewed', familyId, 'denied')).length >= 1);
    assert.ok((await familyAudit(s.t, 'family.network_viewed', familyId, 'denied')).length >= 1);

    // Their manager's colleague in the allocated team (the manager) can see it.
    const mo = await s.journey();
    await mo.signIn(w.manager.email, PASSWORD);
    const allowed = await mo.visit(familyPath);
    assert.equal(allowed?.status(), 200);
    assert.equal(await mo.heading(), 'The <b>Bold</b> family');
  });
});
