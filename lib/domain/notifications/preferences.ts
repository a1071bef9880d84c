import "server-only";
import { db } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import type { NotificationPreferencesInput } from "./schemas.ts";
import { NOTIFICATION_TYPES, type NotificationType } from "./types.ts";

export type Preferences = Record<NotificationType, { inApp: boolean; email: boolean }> & { dailyDigest: boolean };

/** One's own choices per type (in the app, by email, neither), defaults filled in: both. */
export async function getPreferences(actor: Actor): Promise<Preferences> {
  const [rows, user] = await Promise.all([
    db.notificationPreference.findMany({ where: { userId: actor.id } }),
    db.user.findUniqueOrThrow({ where: { id: actor.id }, select: { emailDigest: true } }),
  ]);
  const saved = new Map(rows.map((row) => [row.type, row]));
  const types = Object.fromEntries(NOTIFICATION_TYPES.map((type) => {
    const row = saved.get(type);
    return [type, { inApp: row?.inApp ?? true, email: row?.email ?? true }];
  })) as Record<NotificationType, { inApp: boolean; email: boolean }>;
  return { ...types, dailyDigest: user.emailDigest };
}

export async function setPreferences(actor: Actor, input: NotificationPreferencesInput): Promise<Preferences> {
  await db.$transaction(async (tx) => {
    for (const type of NOTIFICATION_TYPES) {
      const channel = input[type];
      if (!channel) continue;
      await tx.notificationPreference.upsert({
        where: { userId_type: { userId: actor.id, type } },
        create: { userId: actor.id, type, inApp: channel.inApp, email: channel.email },
        update: { inApp: channel.inApp, email: channel.email },
      });
    }
    if (input.dailyDigest !== undefined) await tx.user.update({ where: { id: actor.id }, data: { emailDigest: input.dailyDigest }, select: { id: true } });
  });
  return getPreferences(actor);
}
