import type { ReactNode } from "react";
import { Nav } from "@/components/shell/nav.tsx";
import { SignOutButton } from "@/components/shell/sign-out-button.tsx";
import { SignOutEverywhereButton } from "@/components/shell/sign-out-everywhere-button.tsx";
import { endMySessionsAction } from "@/lib/actions/tokens.ts";
import { WebhooksDisabledBanner } from "@/components/webhooks/disabled-banner.tsx";
import { NotificationBell } from "@/components/notifications/notification-bell.tsx";
import { storedUnreadCount } from "@/lib/domain/notifications/queries.ts";
import { navigationFor, PROFILE_LABELS } from "@/lib/auth/navigation.ts";
import { requireActor } from "@/lib/auth/session.ts";
import { can } from "@/lib/auth/permissions.ts";
import { CommandPalette, PaletteButton } from "@/components/shell/command-palette.tsx";
import { ShellMenu } from "@/components/shell/shell-menu.tsx";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">Skip to content</a>
      <ShellMenu>
        <div className="brand">Roster</div>
        <PaletteButton />
        <Nav items={navigationFor(actor)} />
        <div className="me" aria-label="Signed in user">
          <div className="name" data-testid="current-user">{actor.name}</div>
          <div>{actor.email}</div>
          <div><span className="badge brand" data-testid="current-profile">{PROFILE_LABELS[actor.profile]}</span></div>
          <NotificationBell initialUnread={await storedUnreadCount(actor)} />
          <SignOutButton />
          <SignOutEverywhereButton endSessions={endMySessionsAction} />
        </div>
      </ShellMenu>
      <CommandPalette canOpenUsers={can(actor.profile, "admin.open")} />
      <main className="content" id="main"><WebhooksDisabledBanner actor={actor} />{children}</main>
    </div>
  );
}
