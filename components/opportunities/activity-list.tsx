import Link from "next/link";
import type { ActivityListItem } from "@/lib/domain/activities/schemas.ts";
import { ACTIVITY_TYPES } from "./format.ts";
import { LocalTime } from "@/components/ui/local-time.tsx";

const TYPE_LABELS: Record<string, string> = Object.fromEntries(ACTIVITY_TYPES);

/** Activities that count for this opportunity, each with why it counts here. */
export function ActivityList({ items, nextHref, firstHref }: { items: ActivityListItem[]; nextHref: string | null; firstHref: string | null }) {
  if (items.length === 0 && !firstHref) {
    return (
      <div className="opp-empty" data-testid="activities-empty">
        <strong>No activities yet</strong>
        Meetings, demos and calls logged to this opportunity, to a duplicate merged into it, or to its account while
        it was open appear here.
      </div>
    );
  }
  return (
    <>
      <ul className="opp-activities" aria-label="Activities">
        {items.map((item) => (
          <li key={item.id}>
            <LocalTime className="when" value={item.occurredAt} />
            <span>
              <strong>{item.user?.name ?? "Someone"}</strong> · {TYPE_LABELS[item.type] ?? item.type}
              {item.subject ? <> — {item.subject}</> : null}
            </span>
            <span className="reason">{item.reason}</span>
          </li>
        ))}
      </ul>
      {nextHref || firstHref ? (
        <div className="row" style={{ marginTop: 8 }}>
          {firstHref ? <Link className="btn" href={firstHref} scroll={false}>Newest</Link> : null}
          {nextHref ? <Link className="btn" href={nextHref} scroll={false}>Older activities</Link> : null}
        </div>
      ) : null}
    </>
  );
}
