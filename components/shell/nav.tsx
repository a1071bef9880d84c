"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

export type NavItem = { href: string; label: string; section?: string };

export function Nav({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  // The most specific entry wins: on /comp/standings, "President's Club", not "Compensation" too.
  const matches = (href: string) => (href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`));
  const currentHref = items.map((item) => item.href).filter(matches).sort((a, b) => b.length - a.length)[0];
  let section: string | undefined;
  return (
    <nav aria-label="Main">
      {items.map((item) => {
        const heading = item.section && item.section !== section ? item.section : undefined;
        section = item.section;
        const current = item.href === currentHref;
        return (
          <span key={item.href} style={{ display: "contents" }}>
            {heading ? <div className="section">{heading}</div> : null}
            <Link href={item.href} aria-current={current ? "page" : undefined}>{item.label}</Link>
          </span>
        );
      })}
    </nav>
  );
}
