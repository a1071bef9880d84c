"use server";

import { action } from "@/lib/auth/action.ts";
import { historyQuery, loadHistory } from "@/lib/domain/audit/history.ts";

/** "Show more" of a history: the next page of changes after `cursor`. */
export const loadHistoryAction = action(historyQuery, async ({ actor }, input) => loadHistory(actor, input));
