import { z } from "zod";

/** How many accounts and opportunities a preview names; the rest are counted. */
export const PREVIEW_LIST = 50;

export const movePreviewOutput = z.object({
  /** The rep receiving the accounts: their load before → after against their capacity. */
  receiving: z.object({
    id: z.string(), name: z.string(), capacity: z.number().int().nullable(),
    before: z.number().int(), after: z.number().int(),
    /** After the move they hold more than their capacity. */
    over: z.boolean(),
  }).nullable(),
  accounts: z.object({ total: z.number().int(), items: z.array(z.object({ id: z.string(), name: z.string() })) }),
  opportunities: z.object({
    total: z.number().int(),
    items: z.array(z.object({ id: z.string(), name: z.string(), accountName: z.string() })),
  }),
});
export type MovePreview = z.infer<typeof movePreviewOutput>;

