// Chooses the compute backend once per worker, honouring the user's setting.
import type { BackendInfo } from '../../src-shared/api.ts';
import * as backend from '../engine/tensor/backend.ts';

export async function prepareBackend(preference: string): Promise<BackendInfo | null> {
  const configure = (backend as { configureBackend?: (o: { preference: string }) => void }).configureBackend;
  if (configure && preference && preference !== 'auto') configure({ preference });
  await backend.getTf();
  return backend.backendInfo();
}
