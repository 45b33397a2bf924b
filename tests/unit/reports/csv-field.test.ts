import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField } from '../../../electron/core/reports/export/csv-format.ts';

// The export writes its own RFC 4180 fields (csv-stringify cost a third of a year's export);
// these hold it to the bytes csv-stringify wrote before, and to a parser reading it back.
describe('csvField', () => {
  const units = ['a', ' ', ',', '"', '\r\n', '\t', "'", '=', 'é', '\u2028'];

  it('quotes exactly where csv-stringify does, quotes doubled', () => {
    const nasty = fc.string({ unit: fc.constantFrom(...units) });
    fc.assert(
      fc.property(fc.array(nasty, { minLength: 1, maxLength: 4 }), (fields) => {
        expect(`${fields.map(csvField).join(',')}\r\n`).toBe(stringify([fields], { record_delimiter: 'windows' }));
      }),
      { numRuns: 2000 },
    );
  });

  // A bare CR or LF is where the two part: csv-stringify 6.9 with CRLF records leaves "a\nb"
  // unquoted, which a parser reads as two records (a message with a line break broke the file).
  it('reads back field for field with bare line breaks anywhere', () => {
    const nasty = fc.string({ unit: fc.constantFrom(...units, '\r', '\n') });
    fc.assert(
      fc.property(fc.array(nasty, { minLength: 2, maxLength: 4 }), (fields) => {
        expect(parse(`${fields.map(csvField).join(',')}\r\n`, { relax_column_count: false })).toEqual([fields]);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves a plain value alone and quotes each special character', () => {
    expect(csvField('INV-1')).toBe('INV-1');
    expect(csvField('')).toBe('');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('one\rtwo')).toBe('"one\rtwo"');
    expect(csvField('one\ntwo')).toBe('"one\ntwo"');
  });
});
