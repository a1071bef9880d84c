"use client";

import "./comp.css";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";

const TABS = [
  { href: "/comp", label: "Review", keepsPeriod: true },
  { href: "/comp/activities", label: "Unattributed activities", keepsPeriod: true },
  { href: "/comp/approvals", label: "Approvals", keepsPeriod: false },
  { href: "/comp/standings", label: "President's Club", keepsPeriod: false },
];

/** The comp section's pages; the review and the activity list share the period in the URL. */
export function CompTabs() {
  const pathname = usePathname();
  const search = useSearchParams();
  const period = new URLSearchParams();
  for (const key of ["period", "from", "to"]) {
    const value = search.get(key);
    if (value) period.set(key, value);
  }
  const query = period.toString();
  return (
    <nav className="comp-tabs" aria-label="Compensation">
      {TABS.map((tab) => {
        const current = tab.href === "/comp" ? pathname === "/comp" : pathname.startsWith(tab.href);
        const href = tab.keepsPeriod && query && (pathname === "/comp" || pathname === "/comp/activities") ? `${tab.href}?${query}` : tab.href;
        return <Link key={tab.href} href={href} aria-current={current ? "page" : undefined}>{tab.label}</Link>;
      })}
    </nav>
  );
}
