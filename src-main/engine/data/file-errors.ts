import { stat } from 'node:fs/promises';
import { InputError } from '../../../src-shared/errors.ts';

/** Whole-file precondition shared by every reader: the path exists and is a regular file. */
export async function assertReadableFile(file: string, what: string): Promise<number> {
  let size: number;
  try {
    const s = await stat(file);
    if (!s.isFile()) {
      throw new InputError(`${what} ${file} is a folder, not a file. Choose the file itself.`, { file });
    }
    size = s.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${what} ${file} does not exist. Check the path.`, { file });
    throw new InputError(`${what} ${file} cannot be read (${code ?? String(e)}). Check its permissions.`, { file });
  }
  if (size === 0) throw new InputError(`${what} ${file} is empty.`, { file });
  return size;
}

/** Short list for messages: "a, b, c and 4 more". */
export function listSome(values: readonly string[], max = 5): string {
  const shown = values.slice(0, max).map((v) => JSON.stringify(v)).join(', ');
  return values.length > max ? `${shown} and ${values.length - max} more` : shown;
}
