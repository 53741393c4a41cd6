import "server-only";

// Importing this module registers every job kind and schedule with the worker. Each domain adds
// one line. Only worker processes import it; the app enqueues by kind name.
import "@/lib/scoring/jobs";
import "@/lib/records/sync-jobs";
import "@/lib/crm/visibility-jobs";
import "@/lib/outbox/jobs";
import "@/lib/jobs/retention";
