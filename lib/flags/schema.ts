import { z } from "zod";

// One schema for the flag form, the routes and the service.
export const FLAG_KINDS = ["TOO_HIGH", "TOO_LOW", "WRONG_REASONS", "BAD_DATA"] as const;
export type FlagKindName = (typeof FLAG_KINDS)[number];

export const FLAG_KIND_LABELS: Record<FlagKindName, string> = {
  TOO_HIGH: "Score is too high",
  TOO_LOW: "Score is too low",
  WRONG_REASONS: "Reasons are wrong",
  BAD_DATA: "Data is stale or wrong",
};

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

export interface FlagDto {
  id: string;
  scoreId: string;
  kind: string;
  comment: string | null;
  status: string;
  syncStatus: string;
  revision: number;
  createdAt: string;
  updatedAt: string;
}
