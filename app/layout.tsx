import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Roster", template: "%s · Roster" },
  description: "Who covers which customer.",
};

// Every page is rendered per request: the CSP nonce the proxy sets (proxy.ts) is new each time,
// and Next can only put it on the scripts of a page it renders now.
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
