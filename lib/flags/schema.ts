import { z } from "zod";
import { FLAG_KINDS } from "./kinds";

export { FLAG_KINDS, FLAG_KIND_LABELS, type FlagDto, type FlagKindName } from "./kinds";

// One schema per request body, shared by the routes, the service and the client's types.
const Comment = z.string().trim().max(1000).optional().transform((v) => (v ? v : undefined));

export const CreateFlagSchema = z
  .object({
    scoreId: z.string().uuid(),
    kind: z.enum(FLAG_KINDS),
    comment: Comment,
    // Generated once per form by the client, so a double submit or a retry creates one flag.
    idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  })
  .strict();
export type CreateFlagInput = z.infer<typeof CreateFlagSchema>;

export const FlagIdSchema = z.object({ id: z.string().uuid() }).strict();

// `revision` is the one the author last saw: a change made meanwhile (in another tab, or a
// review) answers 409 instead of being overwritten.
export const EditFlagSchema = z
  .object({ kind: z.enum(FLAG_KINDS), comment: Comment, revision: z.number().int().min(1) })
  .strict();
export type EditFlagInput = z.infer<typeof EditFlagSchema>;

export const WithdrawFlagSchema = z.object({ revision: z.number().int().min(1) }).strict();
export type WithdrawFlagInput = z.infer<typeof WithdrawFlagSchema>;
