import { z } from "zod";

export const searchQuery = z.object({
  q: z.string().trim().min(1, { message: "Type at least one character." }).max(100),
  /** Results per kind (accounts, opportunities, people). */
  limit: z.coerce.number().int().min(1).max(20).default(5),
});
export type SearchQuery = z.infer<typeof searchQuery>;

const accountHit = z.object({
  id: z.string(), name: z.string(), externalId: z.string().nullable(), segment: z.string().nullable(), region: z.string().nullable(),
});
const opportunityHit = z.object({
  id: z.string(), name: z.string(), externalId: z.string().nullable(), accountName: z.string(), stage: z.string(),
  merged: z.boolean(),
});
const personHit = z.object({
  id: z.string(), name: z.string(), email: z.string(), profile: z.string(), active: z.boolean(),
});

export const searchOutput = z.object({
  accounts: z.array(accountHit),
  opportunities: z.array(opportunityHit),
  people: z.array(personHit),
});
export type SearchResults = z.infer<typeof searchOutput>;
export type AccountHit = z.infer<typeof accountHit>;
export type OpportunityHit = z.infer<typeof opportunityHit>;
export type PersonHit = z.infer<typeof personHit>;
