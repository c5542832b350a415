import { csvField, toCsv } from './csv';

describe('toCsv (RFC 4180)', () => {
  it('writes a header row and one record per row, each ended by CRLF', () => {
    expect(
      toCsv(
        ['A', 'B'],
        [
          { A: 'x', B: 1 },
          { A: 'y', B: null },
        ],
      ),
    ).toBe('A,B\r\nx,1\r\ny,\r\n');
  });

  it('writes only the header when there are no rows', () => {
    expect(toCsv(['STUDYID', 'USUBJID'], [])).toBe('STUDYID,USUBJID\r\n');
  });

  it('takes values in column order and leaves missing ones empty', () => {
    expect(toCsv(['B', 'A', 'C'], [{ A: 'a', B: 'b' }])).toBe('B,A,C\r\nb,a,\r\n');
  });

  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['Rash, facial', '"Rash, facial"'],
    ['Pain "dull"', '"Pain ""dull"""'],
    ['"', '""""'],
    ['line one\nline two', '"line one\nline two"'],
    ['line one\r\nline two', '"line one\r\nline two"'],
    ['carriage\rreturn', '"carriage\rreturn"'],
    [' leading and trailing spaces ', ' leading and trailing spaces '],
    ['Ünïcödé – ≥ 3 × ULN', 'Ünïcödé – ≥ 3 × ULN'],
    [0, '0'],
    [-2, '-2'],
    [null, ''],
    [undefined, ''],
  ])('field %p is written as %p', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it('quotes a field with both a comma and a quote once, doubling the quote', () => {
    expect(toCsv(['AETERM'], [{ AETERM: 'Bruising, "below" injection site' }])).toBe('AETERM\r\n"Bruising, ""below"" injection site"\r\n');
  });
});
