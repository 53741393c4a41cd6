// Job kinds of the scoring engine, apart from their handlers (./jobs.ts) so that routes can
// enqueue them without registering anything.
export const TRAIN_JOB = "train_model";
export const FULL_RESCORE_JOB = "full_rescore";
export const RESCORE_PAGE_JOB = "rescore_page";
export const REASON_TEXTS_JOB = "reason_texts";
export const OVERRIDE_EXPIRY_JOB = "override_expiry";
