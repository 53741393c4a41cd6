import { z } from "zod";
import { RecordRefSchema } from "@/lib/records/ref";

// POST /api/v1/scores/ingest, schema version 1 (docs/api/ingest.md). The URL carries the API
// version, `schemaVersion` the shape of this body, so the body can evolve inside /api/v1.

export const INGEST_SCHEMA_VERSION = 1;
export const INGEST_MAX_ITEMS = 500;

const PlainText = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^<>]*$/, "plain text only; '<' and '>' are not allowed");

export const IngestReasonSchema = z
  .object({
    feature: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/),
    text: PlainText,
    /** Score points (what the rep sees as +12 / −4). */
    points: z.number().int().min(-100).max(100).optional(),
    /** Log-odds contribution, if the model explains itself that way. */
    contribution: z.number().finite().min(-50).max(50).optional(),
  })
  .strict()
  .refine((r) => r.points !== undefined || r.contribution !== undefined, "give points or contribution");

export const IngestModelSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_.-]{1,60}$/),
    version: z.string().regex(/^[A-Za-z0-9_.+-]{1,40}$/),
    metadata: z
      .record(z.string().max(64), z.union([z.string().max(500), z.number().finite(), z.boolean(), z.null()]))
      .refine((m) => Object.keys(m).length <= 50, "at most 50 metadata keys")
      .optional(),
  })
  .strict();

export const IngestItemSchema = z
  .object({
    record: RecordRefSchema,
    /** 0–100, or `probability` in [0, 1]; exactly one of the two. */
    score: z.number().int().min(0).max(100).optional(),
    probability: z.number().min(0).max(1).optional(),
    reasons: z.array(IngestReasonSchema).max(10).default([]),
    model: IngestModelSchema,
    scoredAt: z.string().datetime({ offset: true }).optional(),
  })
  .strict()
  .refine((i) => (i.score === undefined) !== (i.probability === undefined), "give exactly one of score or probability");

export const IngestRequestSchema = z
  .object({
    schemaVersion: z.literal(INGEST_SCHEMA_VERSION),
    items: z.array(IngestItemSchema).min(1).max(INGEST_MAX_ITEMS),
  })
  .strict();

export type IngestRequest = z.infer<typeof IngestRequestSchema>;
export type IngestItem = z.infer<typeof IngestItemSchema>;

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;
