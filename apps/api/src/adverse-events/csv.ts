/**
 * RFC 4180 CSV: a header row, CRLF after every record (the last included), and a field quoted only when it
 * holds a comma, a double quote, CR or LF, with embedded quotes doubled. null/undefined are empty fields.
 */
export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const record = (values: unknown[]) => `${values.map(csvField).join(',')}\r\n`;
  return record([...columns]) + rows.map((row) => record(columns.map((c) => row[c]))).join('');
}

export function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
