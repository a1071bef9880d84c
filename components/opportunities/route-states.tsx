import "./opportunities.css";

/** What a route shows while its server component loads: the page's shape, announced as busy. */
export function PageSkeleton({ title, panels = 2, rows = 6 }: { title: string; panels?: number; rows?: number }) {
  return (
    <div className="stack" aria-busy="true">
      <div className="page-head">
        <div>
          <h1>{title}</h1>
          <p className="muted" role="status" style={{ margin: 0 }}>Loading…</p>
        </div>
      </div>
      {Array.from({ length: panels }, (_, panel) => (
        <div className="panel stack" key={panel} aria-hidden="true">
          {Array.from({ length: rows }, (_, row) => (
            <div className="opp-skeleton" key={row} style={{ width: `${90 - ((row * 17) % 40)}%` }} />
          ))}
        </div>
      ))}
    </div>
  );
}
