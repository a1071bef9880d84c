"use client";

import { usePathname } from "next/navigation";
import { type ReactNode, useEffect, useState } from "react";
import { PaletteButton } from "./command-palette.tsx";

/**
 * The shell's sidebar, which on a phone or a narrow window folds away behind a "Menu" button in
 * a top bar (with the search button beside it). Following a link, or Escape, folds it again.
 */
export function ShellMenu({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpen(false);
        document.getElementById("app-menu-button")?.focus();
      }
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [open]);

  return (
    <>
      <header className="topbar">
        <button id="app-menu-button" type="button" className="btn topbar-menu" aria-expanded={open} aria-controls="app-sidebar"
          onClick={() => setOpen((was) => !was)}>
          <span aria-hidden="true">{open ? "✕" : "☰"}</span> Menu
        </button>
        <span className="topbar-brand">Roster</span>
        <PaletteButton className="btn topbar-search" compact />
      </header>
      <aside id="app-sidebar" className="sidebar" data-open={open ? "" : undefined}>{children}</aside>
      {open ? <div className="sidebar-scrim" aria-hidden="true" onClick={() => setOpen(false)} /> : null}
    </>
  );
}
