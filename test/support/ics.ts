import type { ParsedMail } from 'mailparser';

/** An .ics file's content lines, unfolded (RFC 5545: a CRLF then a space continues a line). */
export const icsLines = (text: string) =>
  text
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter(Boolean);

/** The calendar attachment of a received email, as unfolded lines, and one property's line. */
export function calendarOf(mail: ParsedMail) {
  const file = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  if (!file) throw new Error(`no calendar attached to "${mail.subject}"`);
  const lines = icsLines(file.content.toString('utf8'));
  const value = (name: string) =>
    lines.find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`));
  return { contentType: file.contentType, lines, value };
}

/** Mails received for one address. */
export const mailsTo = (received: ParsedMail[], email: string) =>
  received.filter((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '').includes(email));
