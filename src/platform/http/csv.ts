/**
 * A cell a spreadsheet would run as a formula, made plain text with a leading quote: one that
 * starts with = + - @ (or their full-width forms, which some spreadsheets also take), after any
 * spaces, or with a tab or carriage return. OWASP's "CSV injection".
 */
export function safeCell(value: string): string {
  return /^(?:\s*[=+\-@＝＋－＠]|[\t\r])/.test(value) ? `'${value}` : value;
}
