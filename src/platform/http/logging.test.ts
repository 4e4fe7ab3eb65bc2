import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { safeError, safeUrl } from './logging.js';

describe('log lines carry no personal data', () => {
  it('drops query strings, which can hold names typed into a search', () => {
    assert.equal(safeUrl('/admin/people?q=Jane+Smith&page=2'), '/admin/people');
  });
  it('masks the secret in password-reset and invitation links', () => {
    assert.equal(safeUrl('/reset-password/abcDEF123_-'), '/reset-password/:token');
    assert.equal(safeUrl('/invitation/xyz?x=1'), '/invitation/:token');
  });
  it('logs a failed query without the values it was sent', () => {
    const cause = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: '22021',
    });
    const error = new DrizzleQueryError(
      'insert into family_members (name, date_of_birth) values ($1, $2)',
      ['Jane Smith', '2015-03-02'],
      cause,
    );
    const logged = JSON.stringify(safeError(error));
    assert.doesNotMatch(logged, /Jane Smith|2015-03-02/);
    assert.match(logged, /insert into family_members/);
    assert.match(logged, /22021/);
  });
});
