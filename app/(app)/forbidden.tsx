import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "No access" };

/** A page that exists, which this person's profile may not open (forbidden(), HTTP 403). */
export default function Forbidden() {
  return (
    <div className="stack">
      <div className="page-head"><h1>You don&apos;t have access to this</h1></div>
      <div className="panel empty">
        <p>Your profile does not include this page. If you need it for your work, ask an admin to change your profile.</p>
        <Link className="btn" href="/">Go to the home page</Link>
      </div>
    </div>
  );
}
