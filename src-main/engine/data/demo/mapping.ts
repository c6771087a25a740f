// How the importer should read the demo's metadata.csv. The Waterbirds preset alone suggests
// only `place`; the demo also has a region attribute and masks, so the service passes this.
import type { ColumnMapping } from '../../../../src-shared/api.ts';

export const DEMO_COLUMN_MAPPING: ColumnMapping = {
  id: 'img_id',
  imagePath: 'img_filename',
  split: 'split',
  label: 'y',
  attributes: ['place', 'region'],
  maskPath: 'mask_filename',
};
