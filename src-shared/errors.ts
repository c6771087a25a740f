// Errors a user can act on. They carry where the problem is so every front door can show it.

export interface InputErrorLocation {
  file?: string;
  /** 1-based row as the user sees it in the file. */
  row?: number;
  column?: string;
}

/** Bad input from the user (file, row, column, value): the message says what to do. */
export class InputError extends Error {
  readonly details: InputErrorLocation;
  constructor(message: string, details: InputErrorLocation = {}) {
    super(message);
    this.name = 'InputError';
    this.details = details;
  }
}

/** The user (or a signal) stopped the work. */
export class CancelledError extends Error {
  constructor(message = 'Cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}
