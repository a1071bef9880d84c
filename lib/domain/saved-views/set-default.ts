import "server-only";
import type { Prisma } from "@/lib/db/generated/client.ts";
import type { SavedViewTable } from "./schemas.ts";

/** Makes `viewId` the person's default for `table` (replacing another), or stops it being one. */
export async function setDefaultView(tx: Prisma.TransactionClient, userId: string, table: SavedViewTable, viewId: string, isDefault: boolean) {
  if (isDefault) {
    await tx.$executeRaw`
      INSERT INTO saved_view_defaults (user_id, table_key, view_id) VALUES (${userId}::uuid, ${table}, ${viewId}::uuid)
      ON CONFLICT (user_id, table_key) DO UPDATE SET view_id = EXCLUDED.view_id`;
  } else {
    await tx.$executeRaw`DELETE FROM saved_view_defaults WHERE user_id = ${userId}::uuid AND view_id = ${viewId}::uuid`;
  }
}
