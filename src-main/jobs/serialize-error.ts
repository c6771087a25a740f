import type { SerializedError } from '../../src-shared/api.ts';
import { ZodError } from 'zod';

/** Turns anything thrown into the plain error shape that crosses processes and transports. */
export function serializeError(e: unknown): SerializedError {
  if (e instanceof ZodError) {
    const issues = e.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`);
    return { name: 'ValidationError', message: `Invalid input: ${issues.join('; ')}`, details: { issues: e.issues } };
  }
  if (e instanceof Error) {
    const details = (e as Error & { details?: unknown }).details;
    return { name: e.name, message: e.message, ...(details === undefined ? {} : { details }) };
  }
  return { name: 'Error', message: String(e) };
}
