/**
 * Which interface `npm start` serves on. With the embedded demo database every demo user shares
 * the password printed on the sign-in page, so the app then listens on loopback only unless HOST
 * says otherwise; with a real DATABASE_URL it serves every interface, as before (HOST narrows it).
 */
export function listenHost(env: Record<string, string | undefined>, embedded: boolean): { host: string | undefined; note: string | null } {
  const host = env.HOST?.trim() || undefined;
  if (host) return { host, note: `listening on ${host} (HOST)` };
  if (embedded) {
    return {
      host: "127.0.0.1",
      note: "demo mode (no DATABASE_URL): listening on 127.0.0.1 only, since the demo users share one password; set HOST=0.0.0.0 to serve other machines",
    };
  }
  return { host: undefined, note: null };
}
