import { z } from "zod";

// Request schemas of the scoring API, shared by the routes and the docs.

export const ModelIdSchema = z.object({ id: z.string().uuid() }).strict();

export const ObjectTypeSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);

export const ListModelsQuerySchema = z
  .object({
    objectType: ObjectTypeSchema.optional(),
    status: z.enum(["CANDIDATE", "SHADOW", "ACTIVE", "RETIRED"]).optional(),
  })
  .strict();

export const TrainModelSchema = z
  .object({
    objectType: ObjectTypeSchema.default("Lead"),
    // "if_better": activate the new model only if it beats the active one on held-out data.
    promote: z.enum(["if_better", "never"]).default("if_better"),
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  })
  .strict();

export const RescoreSchema = z.object({ objectType: ObjectTypeSchema.default("Lead") }).strict();

export const JobIdSchema = z.object({ id: z.string().uuid() }).strict();
