import { z } from "zod";

export const fiscalYearStartInput = z.object({
  month: z.coerce.number({ message: "Pick a month." }).int().min(1, { message: "Pick a month." }).max(12, { message: "Pick a month." }),
});
export type FiscalYearStartInput = z.infer<typeof fiscalYearStartInput>;
