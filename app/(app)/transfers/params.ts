import { z } from "zod";
import { roleKeySchema } from "@/lib/domain/roles/schemas.ts";
import { transferBookInput } from "@/lib/domain/transfers/schemas.ts";
import { idSchema } from "@/lib/domain/users/schemas.ts";

/**
 * What a link to the transfer page may fill in (a rebalancing suggestion on the workload page
 * links here). The same rules as the transfer itself, so nothing the form would refuse is filled.
 */
const FIELDS = {
  roleKey: roleKeySchema,
  fromUserId: idSchema,
  toUserId: idSchema,
  segment: transferBookInput.shape.segment.unwrap(),
  region: transferBookInput.shape.region.unwrap(),
} as const;

export type TransferLinkKey = keyof typeof FIELDS;
export type TransferLink = Partial<Record<TransferLinkKey, string>> & {
  /** Parameters present but not valid, dropped one by one so the rest still fill the form. */
  ignored: TransferLinkKey[];
};

export function parseTransferParams(raw: Record<string, string | string[] | undefined>): TransferLink {
  const link: TransferLink = { ignored: [] };
  for (const key of Object.keys(FIELDS) as TransferLinkKey[]) {
    const value = Array.isArray(raw[key]) ? raw[key][0] : raw[key];
    if (value === undefined || value === "") continue;
    const parsed = (FIELDS[key] as z.ZodType<string>).safeParse(value);
    if (parsed.success) link[key] = parsed.data;
    else link.ignored.push(key);
  }
  return link;
}
