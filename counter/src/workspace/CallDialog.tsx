import type { CallReasonCode, StaffTicket } from '@numerek/shared';
import { useState } from 'preact/hooks';
import { CALL_REASON_LIST, type Strings } from '../i18n.ts';
import { Field } from '../Modal.tsx';
import { listWait } from '../wait-text.ts';
import { DialogForm, useSubmit } from './dialog-parts.tsx';

/** Calls a chosen waiting ticket out of the policy's order, with the reason it is audited under. */
export function CallDialog(props: {
  t: Strings;
  waiting: StaffTicket[];
  catName: (id: string) => string;
  initial: string | null;
  onClose: () => void;
  onConfirm: (ticketId: string, reason: CallReasonCode) => Promise<string | null>;
}) {
  const { t } = props;
  const [ticketId, setTicketId] = useState(props.initial ?? props.waiting[0]?.id ?? '');
  const [reason, setReason] = useState<CallReasonCode | ''>('');
  const [errors, setErrors] = useState<{ ticket?: string; reason?: string }>({});
  const { busy, error, submit } = useSubmit(() => {
    const next = {
      ...(ticketId ? {} : { ticket: t.chooseTicketFirst }),
      ...(reason ? {} : { reason: t.chooseReason }),
    };
    setErrors(next);
    if (!ticketId || !reason) return null;
    return props.onConfirm(ticketId, reason);
  });
  return (
    <DialogForm
      t={t}
      title={t.callTitle}
      busy={busy}
      error={error}
      noValidate
      onSubmit={submit}
      onClose={props.onClose}
    >
      <Field label={t.chooseTicket} error={errors.ticket}>
        {(f) => (
          <select
            id={f.id}
            name="ticketId"
            aria-describedby={f.describedBy}
            aria-invalid={f.invalid}
            value={ticketId}
            onChange={(e) => setTicketId(e.currentTarget.value)}
          >
            {props.waiting.map((w) => (
              <option key={w.id} value={w.id}>
                {w.code} – {props.catName(w.categoryId)} – {listWait(t, w)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t.reasonCode} error={errors.reason}>
        {(f) => (
          <select
            id={f.id}
            name="reasonCode"
            required
            aria-describedby={f.describedBy}
            aria-invalid={f.invalid}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value as CallReasonCode | '')}
          >
            <option value="">—</option>
            {CALL_REASON_LIST.map((r) => (
              <option key={r} value={r}>
                {t.callReasons[r]}
              </option>
            ))}
          </select>
        )}
      </Field>
    </DialogForm>
  );
}
