// Summaries from an OpenAI-compatible chat-completions endpoint (OpenAI, Azure OpenAI, vLLM,
// Ollama…). The model sees only the record's facts, masked (no names, emails or phone numbers), and
// must answer with JSON sentences that each cite fact ids. Candor checks the answer: a sentence
// citing a fact it was not given, or citing none, is dropped; no usable sentence is an error, and
// the caller falls back to the offline summarizer.
import { z } from "zod";
import { clip, storableText } from "@/lib/storable";
import { recordFacts } from "./facts";
import { maskPii, NAME_FACT_IDS, type MaskPolicy } from "./mask";
import type { GroundedSummary, SummaryFact, SummaryInput, SummaryProvider, SummarySentence } from "./types";

export interface OpenAiSummaryOptions {
  baseUrl: string;
  model: string;
  apiKey: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  // The deadline for one request (tests pass one they control instead of waiting it out).
  deadline?: (ms: number) => AbortSignal;
}

const MASK_ALL: MaskPolicy = { maskEmails: true, maskPhones: true, maskNames: true };
const MAX_SENTENCES = 4;
const MAX_SENTENCE_CHARS = 280;

const AnswerSchema = z.object({
  sentences: z
    .array(z.object({ text: z.string().min(1).max(1000), facts: z.array(z.string().max(120)).max(20) }))
    .max(12),
});

const CompletionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
});

const SYSTEM_PROMPT = [
  "You write a short summary of a CRM record for a sales rep.",
  "Use only the facts given. Do not add anything that is not in them, and do not guess.",
  `Write at most ${MAX_SENTENCES} short, plain sentences. No markup, no lists, no names of people.`,
  'Answer with JSON only: {"sentences":[{"text":"…","facts":["<fact id>", …]}]}.',
  "Every sentence must list the ids of the facts it states.",
].join(" ");

/** The facts that are sent: names are left out entirely, everything else is masked. */
export function factsToSend(input: SummaryInput): { sent: SummaryFact[]; all: SummaryFact[] } {
  const all = recordFacts(input);
  const names = all.filter((f) => NAME_FACT_IDS.has(f.id)).map((f) => f.value);
  const sent = maskPii(
    all.filter((f) => !NAME_FACT_IDS.has(f.id)),
    MASK_ALL,
    { names },
  );
  return { sent, all };
}

function cleanText(text: string, names: readonly string[]): string {
  // A model can answer any JSON string, NUL and unpaired surrogates included: made storable here.
  const plain = storableText(text).replace(/<[^>]*>/g, "").replace(/[<>]/g, "").replace(/\s+/g, " ").trim();
  const masked = maskPii(plain, MASK_ALL, { names });
  const clipped = masked.length > MAX_SENTENCE_CHARS ? `${clip(masked, MAX_SENTENCE_CHARS - 1).trimEnd()}…` : masked;
  return /[.!?…]$/.test(clipped) ? clipped : `${clipped}.`;
}

/** Keeps only sentences whose every cited fact was sent; attaches the record's own facts. */
export function groundAnswer(answer: unknown, sent: readonly SummaryFact[], all: readonly SummaryFact[]): GroundedSummary {
  const parsed = AnswerSchema.parse(answer);
  const sentIds = new Set(sent.map((f) => f.id));
  const byId = new Map(all.map((f) => [f.id, f]));
  const names = all.filter((f) => NAME_FACT_IDS.has(f.id)).map((f) => f.value);
  const sentences: SummarySentence[] = [];
  for (const s of parsed.sentences) {
    const ids = [...new Set(s.facts)];
    if (ids.length === 0 || ids.some((id) => !sentIds.has(id))) continue;
    sentences.push({ text: cleanText(s.text, names), facts: ids.map((id) => byId.get(id)!) });
    if (sentences.length === MAX_SENTENCES) break;
  }
  if (sentences.length === 0) throw new Error("the provider returned no grounded sentence");
  return { text: sentences.map((s) => s.text).join(" "), sentences };
}

export function openAiSummaryProvider(opts: OpenAiSummaryOptions): SummaryProvider {
  const doFetch = opts.fetch ?? fetch;
  const url = `${opts.baseUrl.replace(/\/+$/, "")}/chat/completions`;
  return {
    name: `openai:${opts.model}`,
    async summarize(input) {
      const { sent, all } = factsToSend(input);
      const res = await doFetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${opts.apiKey}` },
        body: JSON.stringify({
          model: opts.model,
          temperature: 0,
          response_format: { type: "json_object" },
          messages: [
            { role: "system", content: SYSTEM_PROMPT },
            {
              role: "user",
              content: JSON.stringify({
                recordType: input.objectType,
                today: input.asOf.toISOString().slice(0, 10),
                facts: sent.map((f) => ({ id: f.id, label: f.label, value: f.value })),
              }),
            },
          ],
        }),
        signal: (opts.deadline ?? AbortSignal.timeout)(opts.timeoutMs),
      });
      if (!res.ok) throw new Error(`summary provider answered ${res.status}`);
      const completion = CompletionSchema.parse(await res.json());
      const content = completion.choices[0]!.message.content ?? "";
      return groundAnswer(JSON.parse(content), sent, all);
    },
  };
}
