import type { RecordRef } from "@/lib/records/ref";

export const panelKeys = {
  all: ["panel"] as const,
  insight: (ref: RecordRef) => [...panelKeys.all, "insight", ref.provider, ref.objectType, ref.externalId] as const,
};
