import type { Metadata } from "next";
import { LocalTime } from "@/components/ui/local-time.tsx";
import Link from "next/link";
import { z } from "zod";
import { requireActor } from "@/lib/auth/session.ts";
import { listNotifications } from "@/lib/domain/notifications/queries.ts";
import { NOTIFICATION_LABELS, NOTIFICATION_TYPES } from "@/lib/domain/notifications/types.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { MarkAllRead } from "@/components/notifications/mark-all-read.tsx";

export const metadata: Metadata = { title: "Notifications" };

const params = z.object({
  unread: z.enum(["true"]).optional().catch(undefined),
  type: z.enum(NOTIFICATION_TYPES).optional().catch(undefined),
  cursor: z.string().max(200).optional().catch(undefined),
});

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value || undefined]));
  const query = params.parse(raw);
  const page = await listNotifications(actor, { unread: query.unread === "true", type: query.type, cursor: query.cursor, limit: 30 }).catch((error) => {
    if (error instanceof DomainError && error.code === "invalid_request") return null;
    throw error;
  });
  const next = page?.nextCursor ? `/notifications?${new URLSearchParams({ ...(query.unread ? { unread: "true" } : {}), ...(query.type ? { type: query.type } : {}), cursor: page.nextCursor })}` : null;
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Notifications</h1>
          <p className="muted" style={{ margin: 0 }}>What changed on your accounts and CSQLs. <Link href="/settings/notifications" style={{ textDecoration: "underline" }}>Choose what you hear about</Link>.</p>
        </div>
        <MarkAllRead unread={page?.unread ?? 0} />
      </div>
      <form method="get" className="row panel" aria-label="Filters" style={{ alignItems: "end", flexWrap: "wrap" }}>
        <label className="field">Kind
          <select name="type" defaultValue={query.type ?? ""}>
            <option value="">Any</option>
            {NOTIFICATION_TYPES.map((type) => <option key={type} value={type}>{NOTIFICATION_LABELS[type]}</option>)}
          </select>
        </label>
        <label className="row" style={{ gap: 6 }}><input type="checkbox" name="unread" value="true" defaultChecked={query.unread === "true"} /> Unread only</label>
        <button className="btn primary" type="submit">Apply</button>
        <Link href="/notifications">Clear</Link>
      </form>
      <section className="panel" aria-labelledby="notification-list">
        <h2 id="notification-list" className="sr-only">Notifications, newest first</h2>
        {page === null ? (
          <div className="alert error" role="alert">This page link no longer works. <Link href="/notifications">Start from the newest</Link>.</div>
        ) : page.items.length === 0 ? (
          <p className="muted" style={{ margin: 0 }}>Nothing here{query.unread || query.type ? " with these filters" : " yet"}.</p>
        ) : (
          <ul className="bell-list" style={{ margin: 0 }}>
            {page.items.map((item) => (
              <li key={item.id} className={item.readAt ? "read" : "unread"}>
                {item.link ? <Link href={item.link}>{item.title}</Link> : <span>{item.title}</span>}
                {item.body ? <div className="muted">{item.body}</div> : null}
                <div className="muted bell-time"><LocalTime value={item.at} />{item.readAt ? "" : " · unread"}</div>
              </li>
            ))}
          </ul>
        )}
        {next ? <p><Link href={next}>Older notifications</Link></p> : null}
      </section>
    </div>
  );
}
