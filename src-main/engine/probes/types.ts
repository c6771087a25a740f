// Shapes shared by every probe module. Kept free of logic so analyses can import types only.

/** Dense row-major matrix: element (r, c) lives at data[r * cols + c]. */
export interface Matrix {
  data: Float32Array | Float64Array;
  rows: number;
  cols: number;
}

export interface LogisticOptions {
  /** 'l1': liblinear L1R_LR semantics (intercept penalised). 'l2': lbfgs semantics (intercept free). */
  penalty: 'l1' | 'l2';
  /** Inverse regularisation strength: the loss term is multiplied by C. */
  C: number;
  /** Stopping tolerance, as sklearn's `tol`. Default 1e-4. */
  tol?: number;
  /**
   * L1 only. 'tight' (default) stops at a fifth of liblinear's threshold, so the objective is not
   * measurably worse than sklearn's; 'liblinear' stops exactly where liblinear's rule does, for
   * procedures that replicate a liblinear reference (DFR) and only need its precision.
   */
  stopping?: 'tight' | 'liblinear';
  /** L1: outer Newton iterations (liblinear's max_iter, default 100). L2: L-BFGS iterations (default 1000). */
  maxIter?: number;
  /** Default 'ovr'. 'multinomial' (softmax) is only available with the L2 penalty. */
  multiClass?: 'ovr' | 'multinomial';
  /** Non-negative per-sample weights multiplying each sample's loss. */
  sampleWeight?: Float64Array;
  /** Default true. */
  fitIntercept?: boolean;
  /** liblinear's bias feature value (L1 only; intercept = interceptScaling * its weight). Default 1. */
  interceptScaling?: number;
  /** Start from this model (same classes and columns). */
  warmStart?: LogisticModel;
}

export interface LogisticModel {
  /** Sorted distinct label values seen in training. */
  classes: number[];
  /** nModels x cols, row-major. nModels = 1 for two classes (positive class = classes[1]). */
  coef: Float64Array;
  /** One intercept per model row. */
  intercept: Float64Array;
  cols: number;
  /** Iterations used (max over one-vs-rest sub-problems). */
  nIter: number;
}
