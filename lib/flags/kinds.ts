// The flag vocabulary the panel's browser code needs, kept apart from the zod schemas in
// ./schema.ts so the embed bundle does not carry zod.
export const FLAG_KINDS = ["TOO_HIGH", "TOO_LOW", "WRONG_REASONS", "BAD_DATA"] as const;
export type FlagKindName = (typeof FLAG_KINDS)[number];

export const FLAG_KIND_LABELS: Record<FlagKindName, string> = {
  TOO_HIGH: "Score is too high",
  TOO_LOW: "Score is too low",
  WRONG_REASONS: "Reasons are wrong",
  BAD_DATA: "Data is stale or wrong",
};

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
