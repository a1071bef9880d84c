import "server-only";
import type { Operation } from "./types.ts";

export const accountOperations: Operation[] = [];
