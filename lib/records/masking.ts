import { maskSummary, type MaskPolicy } from "@/lib/summaries/mask";
import type { GroundedSummary } from "@/lib/summaries/types";

// Roles without PII access see summaries with contact details masked (shared/ARCHITECTURE.md).
const POLICY: MaskPolicy = { maskEmails: true, maskPhones: true, maskNames: false };

export interface PresentedSummary {
  text: string;
  sentences: Array<{ text: string; facts: Array<{ label: string; value: string; source: string }> }>;
}

export function presentSummary(stored: { text: string; sentences: unknown }, seesPii: boolean): PresentedSummary {
  const summary: GroundedSummary = {
    text: stored.text,
    sentences: Array.isArray(stored.sentences) ? (stored.sentences as GroundedSummary["sentences"]) : [],
  };
  const shown = seesPii ? summary : maskSummary(summary, POLICY);
  return {
    text: shown.text,
    sentences: shown.sentences.map((s) => ({
      text: s.text,
      facts: s.facts.map((f) => ({ label: f.label, value: f.value, source: f.source })),
    })),
  };
}
