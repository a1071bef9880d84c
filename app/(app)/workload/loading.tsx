import "@/components/workload/workload.css";

const Line = ({ width }: { width: string }) => <span className="wl-skel" style={{ width }} />;

/** The page's shape while the numbers load: filters, figures, then two chart panels. */
export default function WorkloadLoading() {
  return (
    <div className="stack" aria-busy="true">
      <p className="sr-only" role="status">Loading the workload…</p>
      <div className="page-head"><div style={{ flex: 1, minWidth: 0 }}><h1>Workload</h1><Line width="420px" /></div></div>
      <div className="panel" aria-hidden="true"><Line width="90%" /><Line width="60%" /></div>
      <div className="stats" aria-hidden="true">
        {Array.from({ length: 5 }, (_, i) => <div className="panel stat" key={i}><Line width="50%" /><Line width="70%" /></div>)}
      </div>
      <div className="wl-charts" aria-hidden="true">
        {Array.from({ length: 2 }, (_, i) => (
          <div className="panel" key={i}>
            <Line width="40%" />
            {Array.from({ length: 8 }, (_, j) => <Line key={j} width={`${35 + ((i * 17 + j * 23) % 60)}%`} />)}
          </div>
        ))}
      </div>
    </div>
  );
}
