import { Field, invalidProps } from "./field.tsx";

/**
 * "Why" for a change, kept in the audit trail and shown in history and comp's "changed since
 * approval". Optional unless `required` (a closed-won deal's credit).
 */
export function ReasonField({ id, value, onChange, required = false, error }: {
  id: string; value: string; onChange: (value: string) => void; required?: boolean; error?: string;
}) {
  return (
    <Field id={id} label={required ? "Reason" : "Reason (optional)"} error={error}
      hint={required ? "Required: this deal is closed won, and its credit may hang on the change." : "Kept in the history."}>
      <input id={id} value={value} maxLength={1000} required={required} onChange={(event) => onChange(event.currentTarget.value)}
        {...invalidProps(id, error)} />
    </Field>
  );
}
