import { z } from "zod";

// One schema for the flag form, the route and the service.
export const FLAG_KINDS = ["TOO_HIGH", "TOO_LOW", "WRONG_REASONS", "BAD_DATA"] as const;

export const FLAG_KIND_LABELS: Record<(typeof FLAG_KINDS)[number], string> = {
  TOO_HIGH: "Score is too high",
  TOO_LOW: "Score is too low",
  WRONG_REASONS: "Reasons are wrong",
  BAD_DATA: "Data is stale or wrong",
};

export const CreateFlagSchema = z
  .object({
    scoreId: z.string().uuid(),
    kind: z.enum(FLAG_KINDS),
    comment: z.string().trim().max(1000).optional().transform((v) => (v ? v : undefined)),
    // Generated once per form by the client, so a double submit or a retry creates one flag.
    idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  })
  .strict();
export type CreateFlagInput = z.infer<typeof CreateFlagSchema>;

export interface FlagDto {
  id: string;
  kind: string;
  comment: string | null;
  status: string;
  syncStatus: string;
  createdAt: string;
}
