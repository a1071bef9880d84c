import "server-only";
import nodemailer from "nodemailer";
import { db } from "@/lib/db/client.ts";

type Claimed = { id: string; userId: string; email: string; name: string; subject: string; body: string | null; link: string | null; digest: boolean; attempts: number };

export type MailOptions = { smtpUrl?: string; from?: string; baseUrl?: string; leaseMs?: number };

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** Give up on an email after this many attempts: with the backoff below, about a day of failures. */
export const MAX_ATTEMPTS = 30;
const backoffMs = (attempts: number) => Math.min(60 * 60_000, 15_000 * 2 ** Math.max(0, attempts - 1));

/**
 * Sends the due emails of the outbox, at least once: each is claimed under a lease (another
 * instance, or this one after a crash, takes it again when the lease runs out), marked sent only
 * after the SMTP server accepted it, and retried with backoff when it did not. A person's digest
 * emails go out together as one message.
 */
export async function sendDueEmails(options: MailOptions = {}): Promise<{ sent: number; failed: number }> {
  const smtpUrl = options.smtpUrl ?? process.env.SMTP_URL;
  if (!smtpUrl) return { sent: 0, failed: 0 };
  const from = options.from ?? process.env.ROSTER_MAIL_FROM ?? "Roster <roster@localhost>";
  const baseUrl = (options.baseUrl ?? process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
  const leaseMs = options.leaseMs ?? 60_000;
  const claimed = await db.$queryRaw<Claimed[]>`
    WITH due AS (
      SELECT e.id FROM notification_emails e
      WHERE e.status = 'pending' AND e.send_after <= now() AND (e.leased_until IS NULL OR e.leased_until < now())
      ORDER BY e.send_after, e.id LIMIT 200 FOR UPDATE SKIP LOCKED
    )
    UPDATE notification_emails e SET leased_until = now() + make_interval(secs => ${leaseMs / 1000}), attempts = e.attempts + 1
    FROM due, users u WHERE e.id = due.id AND u.id = e.user_id
    RETURNING e.id::text, e.user_id::text AS "userId", u.email, u.name, e.subject, e.body, e.link, e.digest, e.attempts`;
  if (claimed.length === 0) return { sent: 0, failed: 0 };

  const transport = nodemailer.createTransport(smtpUrl);
  const messages = new Map<string, Claimed[]>();
  for (const row of claimed) {
    const key = row.digest ? `digest:${row.userId}` : row.id;
    messages.set(key, [...(messages.get(key) ?? []), row]);
  }
  let sent = 0;
  let failed = 0;
  try {
    for (const rows of messages.values()) {
      const first = rows[0]!;
      const items = rows.map((row) => ({ ...row, url: row.link ? `${baseUrl}${row.link}` : null }));
      const preferences = `${baseUrl}/settings/notifications`;
      const subject = rows.length > 1 ? `Roster: ${rows.length} things to know about your accounts` : first.subject;
      try {
        await transport.sendMail({
          from, to: { name: first.name, address: first.email }, subject,
          headers: { "List-Unsubscribe": `<${preferences}>` },
          text: `${items.map((item) => [item.subject, item.body, item.url].filter(Boolean).join("\n")).join("\n\n")}\n\n` +
            `Choose what Roster emails you: ${preferences}\n`,
          html: `${items.map((item) => `<p><strong>${item.url ? `<a href="${escape(item.url)}">${escape(item.subject)}</a>` : escape(item.subject)}</strong>` +
            `${item.body ? `<br>${escape(item.body)}` : ""}</p>`).join("")}<p style="color:#667">` +
            `<a href="${escape(preferences)}">Choose what Roster emails you</a> (unsubscribe)</p>`,
        });
        await db.notificationEmail.updateMany({ where: { id: { in: rows.map((row) => row.id) } }, data: { status: "sent", sentAt: new Date(), leasedUntil: null } });
        sent += rows.length;
      } catch (error) {
        const message = error instanceof Error ? error.message.slice(0, 500) : "send failed";
        for (const row of rows) {
          const giveUp = row.attempts >= MAX_ATTEMPTS;
          await db.notificationEmail.update({
            where: { id: row.id },
            data: { status: giveUp ? "failed" : "pending", lastError: message, leasedUntil: null, sendAfter: new Date(Date.now() + backoffMs(row.attempts)) },
            select: { id: true },
          });
        }
        failed += rows.length;
      }
    }
  } finally {
    transport.close();
  }
  return { sent, failed };
}
