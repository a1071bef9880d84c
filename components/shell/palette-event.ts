/** Dispatched on `document` to open the command palette from another button (the phone top bar). */
export const OPEN_PALETTE_EVENT = "roster:open-palette";
