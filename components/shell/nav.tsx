"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

export type NavItem = { href: string; label: string; section?: string };

export function Nav({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  let section: string | undefined;
  return (
    <nav aria-label="Main">
      {items.map((item) => {
        const heading = item.section && item.section !== section ? item.section : undefined;
        section = item.section;
        const current = item.href === "/" ? pathname === "/" : pathname === item.href || pathname.startsWith(`${item.href}/`);
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
