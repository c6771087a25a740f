// Chooses the compute backend once per worker, honouring the user's setting.
import type { BackendInfo } from '../../src-shared/api.ts';
import { backendInfo, configureBackend, getTf, type BackendPreference } from '../engine/tensor/backend.ts';

export async function prepareBackend(preference: string): Promise<BackendInfo | null> {
  // 'auto' leaves FAULTLINE_BACKEND (if set) in charge; a setting other than auto wins over it.
  if (preference && preference !== 'auto') configureBackend({ preference: preference as BackendPreference });
  await getTf();
  return backendInfo();
}
