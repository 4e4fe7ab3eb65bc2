import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorListOf, fittedToPage, linkedToFields } from './forms.js';

describe('the error summary’s links', () => {
  const list = errorListOf({
    name: 'Enter a name',
    start: 'Enter the date',
    from: 'Enter the month',
  });

  it('links a date in boxes to its first box, and any other field to itself', () => {
    const sent = {
      name: '',
      'start-day': '',
      'start-month': '',
      'from-month': '',
      'from-year': '',
    };
    assert.deepEqual(
      linkedToFields(list, sent).map((e) => e.href),
      ['#name', '#start-day', '#from-month'],
    );
  });

  it('links a date with a box left empty to that box', () => {
    const dates = errorListOf({ start: 'The date must include a month' });
    const sent = { 'start-day': '14', 'start-month': ' ', 'start-year': '2027' };
    assert.deepEqual(
      linkedToFields(dates, sent).map((e) => e.href),
      ['#start-month'],
    );
  });

  it('leaves the links as they are when nothing was sent', () => {
    assert.deepEqual(linkedToFields(list, undefined), list);
  });
});

describe('the error summary fitted to the page', () => {
  const page =
    '<p data-testid="notes"></p><input id="name"><input id="start-day"><textarea id="notes">';
  it('follows the fields on the page, with a mistake that has no field last and unlinked', () => {
    const list = errorListOf({ notes: 'c', form: 'd', name: 'a', 'start-day': 'b' });
    assert.deepEqual(fittedToPage(list, page), [
      { text: 'a', href: '#name' },
      { text: 'b', href: '#start-day' },
      { text: 'c', href: '#notes' },
      { text: 'd' },
    ]);
  });
  it('says so when the list already fits', () => {
    assert.equal(fittedToPage(errorListOf({ name: 'a', notes: 'c' }), page), null);
  });
});
