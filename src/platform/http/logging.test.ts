import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeUrl } from './logging.js';

describe('log lines carry no personal data', () => {
  it('drops query strings, which can hold names typed into a search', () => {
    assert.equal(safeUrl('/admin/people?q=Jane+Smith&page=2'), '/admin/people');
  });
  it('masks the secret in password-reset and invitation links', () => {
    assert.equal(safeUrl('/reset-password/abcDEF123_-'), '/reset-password/:token');
    assert.equal(safeUrl('/invitation/xyz?x=1'), '/invitation/:token');
  });
});
