import "server-only";
import { z } from "zod";
import {
  createSavedViewInput, listSavedViewsQuery, savedViewOutput, updateSavedViewInput,
} from "@/lib/domain/saved-views/schemas.ts";
import { searchOutput, searchQuery } from "@/lib/domain/search/schemas.ts";
import type { Operation } from "./types.ts";

export const deskOperations: Operation[] = [
  {
    method: "get", path: "/search", tag: "Search", summary: "Find accounts, opportunities and people by name or CRM id (the command palette)",
    description:
      "Per kind, best first: an exact `externalId`, then names starting with `q` (case-insensitive), then — from three characters — " +
      "names containing it. `limit` caps each kind (default 5). A kind the profile may not read comes back empty.",
    query: searchQuery, response: searchOutput,
  },
  {
    method: "get", path: "/saved-views", tag: "Saved views", summary: "The caller's views of a table, then those others shared",
    query: listSavedViewsQuery, response: z.object({ items: z.array(savedViewOutput) }),
  },
  {
    method: "post", path: "/saved-views", tag: "Saved views", summary: "Name a table's filters, sort and columns",
    description:
      "`query` is the table's URL query (`q=acme&segment=Enterprise&sort=-arr&hide=region`); its page (`cursor`, `prev`) is dropped. " +
      "`shared` shows it to everyone; `isDefault` opens the table with it when its URL has no parameters. Names are unique per person and table (409).",
    body: createSavedViewInput, response: savedViewOutput, status: 201,
  },
  { method: "get", path: "/saved-views/{id}", tag: "Saved views", summary: "A view the caller owns or that was shared", response: savedViewOutput },
  {
    method: "patch", path: "/saved-views/{id}", tag: "Saved views", summary: "Rename, re-save, share (the owner) or make it one's default (anyone who sees it)",
    body: updateSavedViewInput, response: savedViewOutput,
  },
  {
    method: "delete", path: "/saved-views/{id}", tag: "Saved views", summary: "Delete a view (its owner; an admin for a shared one)",
    description: "Every default that pointed at it is cleared.", status: 204,
  },
];
