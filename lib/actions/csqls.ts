"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/auth/action.ts";
import { acceptCsql } from "@/lib/domain/csqls/accept-csql.ts";
import { convertCsql } from "@/lib/domain/csqls/convert-csql.ts";
import { raiseCsql } from "@/lib/domain/csqls/raise-csql.ts";
import { rejectCsql } from "@/lib/domain/csqls/reject-csql.ts";
import { deleteCsqlRoute, setCsqlRoute } from "@/lib/domain/csqls/routes.ts";
import { convertCsqlInput, csqlRouteInput, raiseCsqlInput, rejectCsqlInput } from "@/lib/domain/csqls/schemas.ts";
import { idSchema } from "@/lib/domain/users/schemas.ts";

// The CSQL screens' server actions: thin adapters over lib/domain/csqls, where every rule lives.

export const raiseCsqlAction = action(raiseCsqlInput, async (context, input) => {
  const csql = await raiseCsql(context, input);
  revalidatePath("/csqls");
  return csql;
});

const byId = z.object({ id: idSchema });

export const acceptCsqlAction = action(byId, async (context, { id }) => {
  const csql = await acceptCsql(context, id);
  revalidatePath(`/csqls/${id}`);
  return csql;
});

export const rejectCsqlAction = action(byId.extend(rejectCsqlInput.shape), async (context, { id, ...input }) => {
  const csql = await rejectCsql(context, id, input);
  revalidatePath(`/csqls/${id}`);
  return csql;
});

export const convertCsqlAction = action(byId.extend(convertCsqlInput.shape), async (context, { id, ...input }) => {
  const result = await convertCsql(context, id, input);
  revalidatePath(`/csqls/${id}`);
  return { csqlId: result.csql.id, opportunityId: result.opportunity.id, opportunityName: result.opportunity.name };
});

export const setCsqlRouteAction = action(csqlRouteInput, async (context, input) => {
  const route = await setCsqlRoute(context, input);
  revalidatePath("/admin/csql-routing");
  return route;
});

export const deleteCsqlRouteAction = action(byId, async (context, { id }) => {
  await deleteCsqlRoute(context, id);
  revalidatePath("/admin/csql-routing");
  return { id };
});
