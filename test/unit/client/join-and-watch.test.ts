// The join form's checks and the watched terminal's font fitting.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkJoin, codeFromQuery, normalizeName } from '../../../client/classroom/join-model.js';
import { fittingFontSize, WATCH_MAX_FONT, WATCH_MIN_FONT } from '../../../client/classroom/watch-font.js';
import { MAX_NAME_CHARS } from '../../../server/common/classroom-protocol.js';

describe('the join form', () => {
  it('takes a code as typed, without spaces or dashes, and a tidy name', () => {
    assert.deepEqual(checkJoin(' ab3-x9k ', '  Ada   Lovelace '), { ok: true, request: { code: 'ab3x9k', name: 'Ada Lovelace' } });
    assert.deepEqual(checkJoin('AB12CD', 'Ada'), { ok: true, request: { code: 'AB12CD', name: 'Ada' } });
  });

  it('says which field is wrong', () => {
    assert.deepEqual(checkJoin('', 'Ada'), { ok: false, field: 'code' });
    assert.deepEqual(checkJoin('ab!', 'Ada'), { ok: false, field: 'code' });
    assert.deepEqual(checkJoin('AB12CD', '   '), { ok: false, field: 'name' });
    assert.deepEqual(checkJoin('AB12CD', 'x'.repeat(MAX_NAME_CHARS + 1)), { ok: false, field: 'name' });
    assert.equal(checkJoin('AB12CD', 'x'.repeat(MAX_NAME_CHARS)).ok, true);
    assert.equal(normalizeName('\tA\n b '), 'A b');
  });

  it('prefills the code from the join address', () => {
    assert.equal(codeFromQuery('?code=AB12CD'), 'AB12CD');
    assert.equal(codeFromQuery('?code=ab%2012-cd&x=1'), 'ab12cd');
    assert.equal(codeFromQuery(''), '');
  });
});

describe('the watched terminal font', () => {
  it("shrinks so the learner's cols x rows fit, within bounds", () => {
    // At 14px, 60 x 20 cells fit: 80 x 24 needs 60/80 = 0.75 of the width -> 10.5px.
    assert.equal(fittingFontSize(14, { cols: 60, rows: 20 }, { cols: 80, rows: 24 }), 10.5);
    assert.equal(fittingFontSize(14, { cols: 200, rows: 60 }, { cols: 80, rows: 24 }), WATCH_MAX_FONT);
    assert.equal(fittingFontSize(14, { cols: 10, rows: 5 }, { cols: 200, rows: 50 }), WATCH_MIN_FONT);
    assert.equal(fittingFontSize(12, { cols: 0, rows: 0 }, { cols: 80, rows: 24 }), 12, 'nothing measured: unchanged');
  });
});
