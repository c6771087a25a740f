// Turning errors into what a user can act on: message plus where (file, row, column).
import { ApiError } from '../../src-shared/api.ts';

export interface ErrorLocation {
  file?: string;
  row?: number;
  column?: string;
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

export function errorLocation(e: unknown): ErrorLocation | null {
  if (!(e instanceof ApiError) || !e.details || typeof e.details !== 'object') return null;
  const d = e.details as Record<string, unknown>;
  const loc: ErrorLocation = {};
  if (typeof d.file === 'string') loc.file = d.file;
  if (typeof d.row === 'number') loc.row = d.row;
  if (typeof d.column === 'string') loc.column = d.column;
  return Object.keys(loc).length ? loc : null;
}

export function errorName(e: unknown): string {
  return e instanceof Error ? e.name : 'Error';
}
