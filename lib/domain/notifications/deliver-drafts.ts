import "server-only";
import { db, type Tx } from "@/lib/db/client.ts";
import type { Draft } from "./derive.ts";

/**
 * Preferences decide where each draft goes: no row means in the app and by email. A person with
 * the daily digest gets their emails together the next morning (07:00 UTC).
 */
export async function deliverDrafts(tx: Tx | typeof db, drafts: Draft[]): Promise<{ notifications: number; emails: number }> {
  if (drafts.length === 0) return { notifications: 0, emails: 0 };
  const userIds = [...new Set(drafts.map((draft) => draft.userId))];
  const [prefs, users] = await Promise.all([
    tx.notificationPreference.findMany({ where: { userId: { in: userIds } } }),
    tx.user.findMany({ where: { id: { in: userIds } }, select: { id: true, active: true, emailDigest: true } }),
  ]);
  const pref = new Map(prefs.map((row) => [`${row.userId}|${row.type}`, row]));
  const user = new Map(users.map((row) => [row.id, row]));
  const inApp = drafts.filter((draft) => user.get(draft.userId)?.active && (pref.get(`${draft.userId}|${draft.type}`)?.inApp ?? true));
  // Without SMTP_URL nothing is mailed, so nothing waits in the outbox either.
  const byEmail = !process.env.SMTP_URL ? [] : drafts.filter((draft) => user.get(draft.userId)?.active && (pref.get(`${draft.userId}|${draft.type}`)?.email ?? true));
  const notifications = inApp.length
    ? (await tx.notification.createMany({
      data: inApp.map(({ userId, type, title, body, link, sourceKey }) => ({ userId, type, title, body, link, sourceKey })),
      skipDuplicates: true,
    })).count
    : 0;
  const emails = byEmail.length
    ? (await tx.notificationEmail.createMany({
      data: byEmail.map(({ userId, title, body, link, sourceKey }) => {
        const digest = user.get(userId)?.emailDigest ?? false;
        return { userId, subject: title, body, link, sourceKey, digest, sendAfter: digest ? nextMorning() : new Date() };
      }),
      skipDuplicates: true,
    })).count
    : 0;
  return { notifications, emails };
}

export function nextMorning(now = new Date()): Date {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 7));
  if (next <= now) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}


/** The person who started an import hears how it ended (imports are not changes of the feed). */
export async function notifyImportOutcome(importId: string): Promise<void> {
  const job = await db.importJob.findUnique({ where: { id: importId }, select: { createdBy: true, status: true, kind: true, dryRun: true, fileName: true, total: true, errorCount: true, invalidRows: true } });
  if (!job?.createdBy || (job.status !== "succeeded" && job.status !== "failed")) return;
  const what = `${job.dryRun ? "Dry run" : "Import"} of ${job.fileName ?? `${job.kind}.csv`}`;
  await deliverDrafts(db, [{
    userId: job.createdBy, type: "import_finished", sourceKey: `import:${importId}`,
    title: job.status === "succeeded" ? `${what} finished` : `${what} failed`,
    body: job.status !== "succeeded" ? `${job.errorCount.toLocaleString("en-US")} problems; nothing was changed.`
      : job.dryRun || job.invalidRows === 0 ? `${job.total.toLocaleString("en-US")} rows.`
        : `${(job.total - job.invalidRows).toLocaleString("en-US")} rows applied, ${job.invalidRows.toLocaleString("en-US")} bad skipped.`,
    link: "/imports",
  }]);
}
