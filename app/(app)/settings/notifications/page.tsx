import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session.ts";
import { getPreferences } from "@/lib/domain/notifications/preferences.ts";
import { NOTIFICATION_LABELS, NOTIFICATION_TYPES } from "@/lib/domain/notifications/types.ts";
import { PreferencesForm } from "@/components/notifications/preferences-form.tsx";

export const metadata: Metadata = { title: "Notification settings" };

export default async function NotificationSettingsPage() {
  const actor = await requireActor();
  const preferences = await getPreferences(actor);
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Notification settings</h1>
          <p className="muted" style={{ margin: 0 }}>
            For each kind of news: in Roster (the bell), by email, both or neither.
            {process.env.SMTP_URL ? "" : " Email is not set up on this server yet (SMTP_URL), so only the bell works."}
          </p>
        </div>
      </div>
      <section className="panel">
        <PreferencesForm
          rows={NOTIFICATION_TYPES.map((type) => ({ type, label: NOTIFICATION_LABELS[type], ...preferences[type] }))}
          dailyDigest={preferences.dailyDigest}
        />
      </section>
    </div>
  );
}
