import "server-only";

// Importing this module registers every job kind with the runner. Each domain adds one line.
import "@/lib/scoring/jobs";
import "@/lib/records/sync-jobs";
import "@/lib/crm/visibility-jobs";
