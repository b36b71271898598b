import { type ReactNode, useEffect, useRef, useState } from 'react';

/**
 * A modal confirmation on the native <dialog>: it traps focus and closes on Escape, so every
 * consequential action (promote, roll back, stop) is one deliberate step away, by mouse or keyboard.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  /** Ask for a reason that is stored with the decision or transition. */
  reasonLabel?: string;
  defaultReason?: string;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState(props.defaultReason ?? '');
  const { open, defaultReason } = props;

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (open && !dialog.open) {
      setReason(defaultReason ?? '');
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open, defaultReason]);

  const needsReason = props.reasonLabel !== undefined;
  const canConfirm = !needsReason || reason.trim() !== '';
  return (
    <dialog
      ref={ref}
      className="confirm"
      aria-labelledby="confirm-title"
      onCancel={(event) => {
        event.preventDefault();
        props.onCancel();
      }}
      onKeyDown={(event) => {
        // A modal <dialog> makes the page inert, but Tab past the last control would still leave
        // for the browser's own UI: wrap around inside the dialog instead.
        if (event.key !== 'Tab' || ref.current === null) return;
        const focusable = [
          ...ref.current.querySelectorAll<HTMLElement>('input, select, textarea, button, a[href]'),
        ].filter((element) => !(element as HTMLButtonElement).disabled);
        const first = focusable[0];
        const last = focusable.at(-1);
        if (first === undefined || last === undefined) return;
        if (event.shiftKey && document.activeElement === first) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first.focus();
        }
      }}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          if (canConfirm) props.onConfirm(reason.trim());
        }}
      >
        <h2 id="confirm-title">{props.title}</h2>
        <div>{props.children}</div>
        {needsReason ? (
          <label className="field" style={{ marginTop: 10 }}>
            {props.reasonLabel}
            <input
              type="text"
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              required
              autoFocus
            />
          </label>
        ) : null}
        <div className="actions" style={{ justifyContent: 'flex-end', marginTop: 16 }}>
          <button type="button" className="btn" onClick={props.onCancel}>
            Cancel
          </button>
          <button
            type="submit"
            className={`btn ${props.danger ? 'danger' : 'primary'}`}
            disabled={!canConfirm}
          >
            {props.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
