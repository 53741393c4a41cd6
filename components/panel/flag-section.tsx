"use client";

import { useEffect, useId, useRef, useState } from "react";
import { problemText, type TokenSource } from "@/lib/client/fetcher";
import type { FlagDto, FlagKindName } from "@/lib/flags/schema";
import type { RecordRef } from "@/lib/records/ref";
import { FlagForm } from "./flag-form";
import { FlagStatus } from "./flag-status";
import { useCreateFlag } from "./use-create-flag";
import { useEditFlag } from "./use-edit-flag";
import { useWithdrawFlag } from "./use-withdraw-flag";

function newKey() {
  return crypto.randomUUID().replace(/-/g, "");
}

type Editing = null | { mode: "create"; key: string } | { mode: "edit"; flag: FlagDto };
// Where focus goes once the form or a confirmation closes: the button that opened it, or the
// notice saying what happened.
type FocusTarget = null | "create" | "notice" | { edit: string };

export function FlagSection(props: { recordRef: RecordRef; token: TokenSource; scoreId: string; canFlag: boolean; flags: FlagDto[] }) {
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<{ text: string; ok: boolean } | null>(null);
  const create = useCreateFlag(props.recordRef, props.token);
  const edit = useEditFlag(props.recordRef, props.token);
  const withdraw = useWithdrawFlag(props.recordRef, props.token);
  const ids = useId();
  const createButton = useRef<HTMLButtonElement | null>(null);
  const noticeRef = useRef<HTMLParagraphElement | null>(null);
  const section = useRef<HTMLElement | null>(null);
  const focusNext = useRef<FocusTarget>(null);

  useEffect(() => {
    const target = focusNext.current;
    if (!target) return;
    focusNext.current = null;
    if (target === "create") createButton.current?.focus();
    else if (target === "notice") noticeRef.current?.focus();
    else section.current?.querySelector<HTMLButtonElement>(`[data-flag="${target.edit}"][data-action="edit"]`)?.focus();
  });

  const hasOpenFlag = props.flags.some((f) => f.status === "OPEN");
  const formError = editing?.mode === "create" ? create.error : editing?.mode === "edit" ? edit.error : null;
  const close = (target: FocusTarget) => {
    focusNext.current = target;
    setEditing(null);
  };
  const done = (text: string) => {
    setNotice({ text, ok: true });
    close("notice");
  };

  const submit = (kind: FlagKindName, comment: string) => {
    if (!editing) return;
    if (editing.mode === "create") {
      create.mutate(
        { scoreId: props.scoreId, kind, comment: comment.trim() || undefined, idempotencyKey: editing.key },
        { onSuccess: () => done("Thanks — your flag was recorded and goes to your manager for review.") },
      );
    } else {
      edit.mutate(
        { id: editing.flag.id, kind, comment: comment.trim() || undefined, revision: editing.flag.revision },
        { onSuccess: () => done("Your flag was updated; the CRM follows.") },
      );
    }
  };

  return (
    <section ref={section} aria-labelledby={`${ids}-h`} className="space-y-2">
      <h2 id={`${ids}-h`} className="sr-only">Feedback on this score</h2>
      {props.flags.length > 0 && (
        <ul className="space-y-1" aria-label="Your flags on this record">
          {props.flags.map((f) => (
            <FlagStatus
              key={f.id}
              flag={f}
              provider={props.recordRef.provider}
              busy={editing !== null || withdraw.isPending}
              onEdit={() => {
                edit.reset();
                setNotice(null);
                setEditing({ mode: "edit", flag: f });
              }}
              onWithdraw={(onSettled) =>
                withdraw.mutate(
                  { id: f.id, revision: f.revision },
                  {
                    onSuccess: () => done("Flag withdrawn; the CRM follows."),
                    onError: (err) => setNotice({ text: problemText(err), ok: false }),
                    onSettled,
                  },
                )
              }
            />
          ))}
        </ul>
      )}
      {!editing && props.canFlag && !hasOpenFlag && (
        <button
          ref={createButton}
          type="button"
          onClick={() => {
            create.reset();
            setNotice(null);
            setEditing({ mode: "create", key: newKey() });
          }}
          className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-medium text-slate-800 hover:bg-slate-50"
        >
          This score is wrong
        </button>
      )}
      {editing && (
        <FlagForm
          label={editing.mode === "create" ? "Flag this score" : "Edit your flag"}
          submitLabel={editing.mode === "create" ? "Send flag" : "Save changes"}
          initialKind={editing.mode === "edit" ? (editing.flag.kind as FlagKindName) : undefined}
          initialComment={editing.mode === "edit" ? (editing.flag.comment ?? "") : undefined}
          pending={create.isPending || edit.isPending}
          error={formError ? problemText(formError) : null}
          onSubmit={submit}
          onCancel={() => close(editing.mode === "create" ? "create" : { edit: editing.flag.id })}
        />
      )}
      {notice && !editing && (
        <p ref={noticeRef} tabIndex={-1} role={notice.ok ? "status" : "alert"} className={`text-xs outline-none ${notice.ok ? "text-emerald-700" : "text-red-700"}`}>
          {notice.text}
        </p>
      )}
    </section>
  );
}
