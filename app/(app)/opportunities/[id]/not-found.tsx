import Link from "next/link";

export default function OpportunityNotFound() {
  return (
    <div className="stack">
      <div className="page-head"><h1>Opportunity not found</h1></div>
      <div className="panel empty">
        <p>There is no opportunity at this address. It may have been removed, or the link is mistyped.</p>
        <Link className="btn" href="/opportunities">All opportunities</Link>
      </div>
    </div>
  );
}
