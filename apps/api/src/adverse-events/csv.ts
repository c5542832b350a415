/**
 * RFC 4180 CSV: a header row, CRLF after every record (the last included), and a field quoted when it holds
 * a comma, a double quote, CR or LF, with embedded quotes doubled. null/undefined are empty fields.
 *
 * Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`,
 * tab or CR as a formula, and verbatim terms come from sites, so such a TEXT cell is written as `'` + text,
 * quoted. Numbers (a negative AESTDY) are not text and stay numbers.
 */
export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const record = (values: unknown[]) => `${values.map(csvField).join(',')}\r\n`;
  return record([...columns]) + rows.map((row) => record(columns.map((c) => row[c]))).join('');
}

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  const text = String(value);
  if (FORMULA_START.test(text)) return quoted(`'${text}`);
  return /[",\r\n]/.test(text) ? quoted(text) : text;
}

const quoted = (text: string) => `"${text.replace(/"/g, '""')}"`;
