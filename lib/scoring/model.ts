// The contract between any scoring model and the reason layer. A model plugs in by producing
// log-odds as a base value plus one additive contribution per feature (exact terms for the
// cold-start prior, TreeSHAP for the GBDT engine); present.ts turns that into points and reasons.
export interface ModelExplanation {
  /** The model's output for this record, in log-odds. */
  raw: number;
  /** The output for a reference ("average") record, in log-odds. */
  base: number;
  /** Per original feature, in log-odds; base + Σ contributions === raw. */
  contributions: Record<string, number>;
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
