import type { Message } from "./use-mutation.ts";

/** The outcome of a control's last action, announced to screen readers. */
export function ActionMessage({ message, id }: { message?: Message; id?: string }) {
  if (!message) return null;
  return (
    <div id={id} className={`alert ${message.kind} opp-message`} role={message.kind === "error" ? "alert" : "status"}>
      {message.text}
    </div>
  );
}
