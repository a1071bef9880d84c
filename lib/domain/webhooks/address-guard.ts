import "server-only";
import { lookup as dnsLookup } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { DomainError } from "@/lib/errors/domain-error.ts";

/**
 * Webhook URLs are typed by admins but fetched by the server: without this guard an endpoint could
 * reach the cloud metadata service (169.254.169.254), the database, or anything else on the
 * private network. Checked when an endpoint is saved and again at every send, on the address the
 * request actually connects to (so a DNS answer that changes after saving cannot slip past).
 */
const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) blocked.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8], ["64:ff9b::", 96], ["2001:db8::", 32],
] as const) blocked.addSubnet(network, prefix, "ipv6");

export const privateAllowed = () => process.env.ROSTER_WEBHOOKS_ALLOW_PRIVATE === "1";

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return blocked.check(mapped[1]!, "ipv4");
    return blocked.check(address, "ipv6");
  }
  return true; // not an address at all: refuse
}

const refused = (host: string, address: string) =>
  new DomainError("invalid_request", `Webhook URLs may not point at private or loopback addresses (${host} is ${address}).`, {
    fields: { url: "Private and loopback addresses are refused." },
  });

/** The connect-time DNS lookup for webhook requests: resolves, then refuses private answers. */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 4);
    const list = addresses as unknown as { address: string; family: number }[];
    const bad = privateAllowed() ? undefined : list.find((entry) => isPrivateAddress(entry.address));
    if (bad) return callback(refused(hostname, bad.address) as unknown as NodeJS.ErrnoException, "", 4);
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: typeof list) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

/** Validates a webhook URL when it is saved: http(s), no credentials, and a public host. */
export async function assertWebhookUrl(raw: string): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DomainError("invalid_request", "Not a valid URL.", { fields: { url: "Not a valid URL." } });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new DomainError("invalid_request", "Webhook URLs must be http or https.", { fields: { url: "Use http:// or https://." } });
  }
  if (url.username || url.password) {
    throw new DomainError("invalid_request", "Webhook URLs may not carry credentials.", { fields: { url: "Remove the user and password." } });
  }
  if (privateAllowed()) return url;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host)
    ? [host]
    : await new Promise<string[]>((resolve, reject) =>
        dnsLookup(host, { all: true }, (error, found) => (error ? reject(error) : resolve(found.map((entry) => entry.address)))),
      ).catch(() => {
        throw new DomainError("invalid_request", `The host ${host} could not be resolved.`, { fields: { url: "The host does not resolve." } });
      });
  const bad = addresses.find(isPrivateAddress);
  if (bad) throw refused(host, bad);
  return url;
}
