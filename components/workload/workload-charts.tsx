import { AfterFirstPaint } from "./after-first-paint.tsx";
import type { LoadStatus } from "./format.ts";
import { type BarSpec, RepBarChart, type RepDatum } from "./rep-bar-chart.tsx";
import type { WorkloadRow } from "./workload-table.tsx";

const BRAND = "#2f5bd3";
const SECOND = "#0e7490";
const REST = "#a3adbd";

/** The charts of one role's workload, in the page's sort order. */
export function WorkloadCharts({ role, rows, statuses, slice }: {
  role: "csm" | "sa";
  rows: WorkloadRow[];
  /** Each rep's load against capacity, judged on the whole book. */
  statuses: LoadStatus[];
  /** The segment/region filter in words, when there is one. */
  slice?: string;
}) {
  const data: RepDatum[] = rows.map((row, index) => ({
    id: row.id, name: row.name, status: statuses[index], capacity: row.capacity, utilization: row.utilization,
    values: {
      accounts: row.accounts, rest: row.bookAccounts - row.accounts, arr: row.arr, openOpportunities: row.openOpportunities, openPipeline: row.openPipeline,
      supportingOpportunities: row.supportingOpportunities ?? 0, activities90d: row.activities90d ?? 0,
    },
    links: {
      accounts: row.accountsHref, book: row.bookHref, opportunities: row.opportunitiesHref ?? row.accountsHref,
      supporting: row.supportingHref ?? row.accountsHref,
    },
  }));
  const one = (key: string, label: string, link = "accounts", color = BRAND): BarSpec[] => [{ key, label, color, link }];
  // With a segment/region filter the bar is still the whole book, capacity being for the whole book; the slice is its coloured part.
  const capacity: BarSpec[] = slice
    ? [
        { key: "accounts", label: `In ${slice}`, color: BRAND, link: "accounts", byStatus: true },
        { key: "rest", label: "Rest of the book", color: REST, link: "book" },
      ]
    : [{ key: "accounts", label: "Accounts", color: BRAND, link: "accounts", byStatus: true }];

  return (
    <div className="wl-charts">
      <RepBarChart
        title="Accounts held against capacity" data={data} bars={capacity} format="count" showCapacity stacked={Boolean(slice)}
        description={`The dark mark is each rep's capacity. Red: over it; amber: under half of it.${slice ? ` The coloured part is in ${slice}; grey is the rest of the book.` : ""}`}
      />
      <AfterFirstPaint count={3} height={data.length * 26 + 140} label="Chart">
        {role === "csm" ? (
          <>
            <RepBarChart title="ARR covered" data={data} bars={one("arr", "ARR")} format="money" description="Current ARR of the accounts held." />
            <RepBarChart title="Open opportunities" data={data} bars={one("openOpportunities", "Open opportunities", "opportunities")} format="count"
              description="Open, not merged, stamped with the CSM." />
            <RepBarChart title="Open pipeline" data={data} bars={one("openPipeline", "Open pipeline", "opportunities")} format="money"
              description="Amount of those open opportunities." />
          </>
        ) : (
          <>
            <RepBarChart
              title="Open opportunities: primary and supporting" format="count" data={data}
              description="Open, not merged: as primary SA, and as a supporting SA."
              bars={[
                { key: "openOpportunities", label: "As primary SA", color: BRAND, link: "opportunities" },
                { key: "supportingOpportunities", label: "Supporting", color: SECOND, link: "supporting" },
              ]}
            />
            <RepBarChart title="Activities in the last 90 days" data={data} bars={one("activities90d", "Activities")} format="count"
              description="Meetings, calls, demos and other work logged." />
            <RepBarChart title="ARR covered" data={data} bars={one("arr", "ARR")} format="money" description="Current ARR of the accounts held." />
          </>
        )}
      </AfterFirstPaint>
    </div>
  );
}
