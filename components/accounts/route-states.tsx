import "./accounts.css";

const Bar = ({ width, className = "acc-skel-line" }: { width?: string; className?: string }) => (
  <span className={`acc-skel ${className}`} style={width ? { width } : undefined} />
);

/** The shape of a list page while its rows load: heading, filters, a table of placeholder rows. */
export function TableSkeleton({ title, rows = 10 }: { title: string; rows?: number }) {
  return (
    <div className="stack" aria-busy="true">
      <p className="sr-only" role="status">Loading {title.toLowerCase()}…</p>
      <div className="page-head"><div><h1>{title}</h1><Bar width="340px" /></div></div>
      <div className="acc-skel-filters" aria-hidden="true">{Array.from({ length: 6 }, (_, i) => <Bar key={i} className="" />)}</div>
      <div className="panel" style={{ padding: 0 }} aria-hidden="true">
        {Array.from({ length: rows }, (_, i) => (
          <div className="acc-skel-row" key={i}>{Array.from({ length: 6 }, (_, j) => <Bar key={j} className="" width={`${60 + ((i * 7 + j * 13) % 35)}%`} />)}</div>
        ))}
      </div>
    </div>
  );
}

/** The account page while it loads: team and details side by side, then opportunities and history. */
export function AccountSkeleton() {
  return (
    <div className="stack" aria-busy="true">
      <p className="sr-only" role="status">Loading the account…</p>
      <div aria-hidden="true">
        <Bar width="120px" />
        <Bar className="acc-skel-title" />
        <Bar width="200px" />
      </div>
      <div className="acc-grid" aria-hidden="true">
        <div className="panel">{Array.from({ length: 5 }, (_, i) => <Bar key={i} width={`${70 + (i * 11) % 30}%`} />)}</div>
        <div className="panel">{Array.from({ length: 6 }, (_, i) => <Bar key={i} width={`${50 + (i * 17) % 45}%`} />)}</div>
      </div>
      <div className="panel" aria-hidden="true">{Array.from({ length: 6 }, (_, i) => <Bar key={i} />)}</div>
    </div>
  );
}

/** A form page while it loads. */
export function FormSkeleton({ title }: { title: string }) {
  return (
    <div className="stack" aria-busy="true">
      <p className="sr-only" role="status">Loading…</p>
      {/* The title block takes the row's width: sized by its 420 px bar, it made the page 432 px wide on a phone (as the workload's did). */}
      <div className="page-head"><div style={{ flex: 1, minWidth: 0 }}><h1>{title}</h1><Bar width="420px" /></div></div>
      <div className="panel acc-transfer" aria-hidden="true">
        <div className="acc-skel-filters">{Array.from({ length: 4 }, (_, i) => <Bar key={i} className="" />)}</div>
        <Bar width="40%" />
        <Bar width="25%" />
      </div>
    </div>
  );
}
