import Link from "next/link";

/** Outside the signed-in shell (a route without it): the same answer, without the sidebar. */
export default function Forbidden() {
  return (
    <main className="auth-wrap">
      <div className="auth-card panel">
        <h1>You don&apos;t have access to this</h1>
        <p className="muted">Your profile does not include this page. Ask an admin if you need it.</p>
        <Link className="btn" href="/">Go to the home page</Link>
      </div>
    </main>
  );
}
