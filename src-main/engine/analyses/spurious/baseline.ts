// The baseline DFR is compared with: the model's own predictions when imported, else a plain
// logistic regression on the train split (sklearn's LogisticRegression() defaults: L2, C = 1,
// lbfgs, multinomial for more than two classes), standardised with train statistics, no balancing.
import { applyScaler, fitLogistic } from '../../probes/index.ts';
import type { LogisticModel, Scaler } from '../../probes/index.ts';
import type { LoadedMatrix } from '../types.ts';
import { gather, predictRows, rowsOf } from './dfr.ts';
import type { PreparedData, SpuriousInputs } from './prepare.ts';

/** Baseline predictions for some rows; rows without a prediction are left out. */
export interface BaselinePredictions {
  rows: Int32Array;
  /** Class index, or -1 for a predicted label that is not one of the classes (always wrong). */
  pred: Int32Array;
}

export interface Baseline {
  source: 'predictions' | 'train-probe';
  predict(rows: Int32Array): BaselinePredictions;
}

export function importedBaseline(predictions: NonNullable<SpuriousInputs['predictions']>, p: PreparedData): Baseline {
  const classIndex = new Map(p.classes.map((c, i) => [c, i]));
  return {
    source: 'predictions',
    predict(rows) {
      // '' marks a sample the model was not run on: it is left out rather than counted wrong.
      const kept = rows.filter((i) => predictions.predicted[i] !== '');
      const pred = Int32Array.from(kept, (i) => classIndex.get(predictions.predicted[i].trim()) ?? -1);
      return { rows: kept, pred };
    },
  };
}

export function fitTrainProbe(E: LoadedMatrix, p: PreparedData, scaler: Scaler): LogisticModel {
  const rows = p.rows.train;
  return fitLogistic(applyScaler(scaler, rowsOf(E, rows)), gather(p.y, rows), {
    penalty: 'l2',
    C: 1,
    multiClass: p.classes.length > 2 ? 'multinomial' : 'ovr',
  });
}

export function trainProbeBaseline(model: LogisticModel, scaler: Scaler, E: LoadedMatrix): Baseline {
  return { source: 'train-probe', predict: (rows) => ({ rows, pred: predictRows(model, scaler, E, rows) }) };
}
