#!/usr/bin/python3
"""Golden fixtures for the linear-probe library (src-main/engine/probes), made once with scikit-learn.

Run with Debian's python (`apt-get install python3-sklearn`), not the pyenv python3 on PATH:
    /usr/bin/python3 scripts/golden/make-probe-fixtures.py

Writes tests/fixtures/sklearn/probes.json (the cases and sklearn's answers) and one raw
little-endian binary file per array (.f64 = float64, .i32 = int32) beside it. All data is
generated here from a fixed seed, so rerunning reproduces the same files for the same sklearn.
"""
import json
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score
from sklearn.preprocessing import StandardScaler

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tests', 'fixtures', 'sklearn')
DFR_GRID = [1.0, 0.7, 0.3, 0.1, 0.07, 0.03, 0.01]
rng = np.random.default_rng(20240611)
arrays = {}


def save(name, arr):
    arr = np.ascontiguousarray(arr)
    if arr.dtype.kind == 'f':
        arr = arr.astype('<f8')
        fname = name + '.f64'
    else:
        arr = arr.astype('<i4')
        fname = name + '.i32'
    arr.tofile(os.path.join(OUT, fname))
    arrays[name] = {'file': fname, 'shape': list(arr.shape)}
    return name


def latent_data(n, d, k, n_classes, noise=1.0, offsets=None, scales=None):
    """Features driven by k latent factors (like embeddings); labels depend on the factors."""
    z = rng.normal(size=(n, k))
    A = rng.normal(size=(k, d)) / np.sqrt(k)
    X = z @ A + noise * rng.normal(size=(n, d))
    if n_classes == 2:
        logit = 2.0 * z[:, 0] - 1.5 * z[:, 1] + 0.5 * rng.normal(size=n) + 0.3
        y = (logit > 0).astype(np.int32)
    else:
        W = rng.normal(size=(k, n_classes)) * 1.5
        y = np.argmax(z @ W + 0.7 * rng.normal(size=(n, n_classes)), axis=1).astype(np.int32)
    if offsets is not None:
        X = X * scales + offsets
    return X, y


def l1_objective(coef, intercept, X, y_pm, C, sw, scaling):
    z = X @ coef + intercept
    return np.abs(coef).sum() + abs(intercept) / scaling + C * np.sum(sw * np.logaddexp(0, -y_pm * z))


def l2_objective(coef, intercept, X, y_pm, C, sw):
    z = X @ coef + intercept
    return 0.5 * coef @ coef + C * np.sum(sw * np.logaddexp(0, -y_pm * z))


def multinomial_objective(W, b, X, y, C, sw):
    Z = X @ W.T + b
    lse = np.logaddexp.reduce(Z, axis=1)
    return 0.5 * np.sum(W * W) + C * np.sum(sw * (lse - Z[np.arange(len(y)), y]))


def fit_case(name, Xname, yname, Xtr, ytr, Xte, penalty, Cs, multi_class='ovr', sw=None, swname=None,
             fit_intercept=True, intercept_scaling=1.0):
    classes = np.unique(ytr)
    sw_eff = np.ones(len(ytr)) if sw is None else sw
    results = []
    for C in Cs:
        if penalty == 'l1':
            clf = LogisticRegression(penalty='l1', solver='liblinear', C=C, tol=1e-4, max_iter=100,
                                     fit_intercept=fit_intercept, intercept_scaling=intercept_scaling,
                                     random_state=0)
        else:
            clf = LogisticRegression(penalty='l2', solver='lbfgs', C=C, tol=1e-4, max_iter=20000,
                                     fit_intercept=fit_intercept, multi_class=multi_class)
        with warnings.catch_warnings():
            warnings.simplefilter('error')  # a ConvergenceWarning would make a poor reference
            clf.fit(Xtr, ytr, sample_weight=sw)
        coef = clf.coef_
        intercept = clf.intercept_ if fit_intercept else np.zeros(coef.shape[0])
        if penalty == 'l2' and multi_class == 'multinomial':
            if len(classes) == 2:
                w = coef[0]
                obj = multinomial_objective(np.stack([-w, w]), np.array([-intercept[0], intercept[0]]), Xtr,
                                            ytr, C, sw_eff)
            else:
                obj = multinomial_objective(coef, intercept, Xtr, np.searchsorted(classes, ytr), C, sw_eff)
        else:
            obj = 0.0
            for m in range(coef.shape[0]):
                pos = classes[1] if coef.shape[0] == 1 else classes[m]
                y_pm = np.where(ytr == pos, 1.0, -1.0)
                if penalty == 'l1':
                    obj += l1_objective(coef[m], intercept[m], Xtr, y_pm, C, sw_eff, intercept_scaling)
                else:
                    obj += l2_objective(coef[m], intercept[m], Xtr, y_pm, C, sw_eff)
        results.append({
            'C': C,
            'coef': coef.ravel().tolist(),
            'intercept': np.asarray(intercept).tolist(),
            'objective': float(obj),
            'nonZero': int(np.count_nonzero(coef)),
            'nIter': int(np.max(clf.n_iter_)),
            'predTrain': clf.predict(Xtr).tolist(),
            'predTest': clf.predict(Xte).tolist(),
        })
    return {
        'name': name, 'X': Xname, 'y': yname, 'Xtest': Xname + '_test', 'penalty': penalty,
        'multiClass': multi_class, 'sampleWeight': swname, 'fitIntercept': fit_intercept,
        'interceptScaling': intercept_scaling, 'classes': classes.tolist(), 'results': results,
    }


def dataset(name, n, n_test, d, k, n_classes, **kw):
    X, y = latent_data(n + n_test, d, k, n_classes, **kw)
    save(name + '_X', X[:n])
    save(name + '_y', y[:n])
    save(name + '_X_test', X[n:])
    return X[:n], y[:n], X[n:]


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(('.f64', '.i32')) or f == 'probes.json':
            os.remove(os.path.join(OUT, f))
    cases = []

    # Binary L1 over the DFR grid and beyond, on raw (unstandardised) features.
    X, y, Xt = dataset('bin', 400, 400, 64, 8, 2)
    cases.append(fit_case('bin_l1', 'bin_X', 'bin_y', X, y, Xt, 'l1', DFR_GRID + [3.0, 10.0]))
    cases.append(fit_case('bin_l1_scaling10', 'bin_X', 'bin_y', X, y, Xt, 'l1', [0.1, 1.0], intercept_scaling=10.0))
    cases.append(fit_case('bin_l1_noint', 'bin_X', 'bin_y', X, y, Xt, 'l1', [0.1, 1.0], fit_intercept=False))
    cases.append(fit_case('bin_l2', 'bin_X', 'bin_y', X, y, Xt, 'l2', [0.01, 1.0, 100.0]))
    cases.append(fit_case('bin_l2_multinomial', 'bin_X', 'bin_y', X, y, Xt, 'l2', [0.1, 1.0], multi_class='multinomial'))

    # Sample weights (some zero: liblinear drops those rows).
    sw = rng.uniform(0.2, 3.0, size=len(y))
    sw[rng.choice(len(y), 20, replace=False)] = 0.0
    save('bin_sw', sw)
    cases.append(fit_case('bin_l1_weighted', 'bin_X', 'bin_y', X, y, Xt, 'l1', [0.03, 0.3, 1.0], sw=sw, swname='bin_sw'))
    cases.append(fit_case('bin_l2_weighted', 'bin_X', 'bin_y', X, y, Xt, 'l2', [0.3], sw=sw, swname='bin_sw'))

    # d > n (separable; L1 keeps the solution sparse and bounded at these C).
    X, y, Xt = dataset('wide', 80, 400, 200, 6, 2)
    cases.append(fit_case('wide_l1', 'wide_X', 'wide_y', X, y, Xt, 'l1', [0.03, 0.1, 0.3, 1.0]))
    cases.append(fit_case('wide_l2', 'wide_X', 'wide_y', X, y, Xt, 'l2', [0.1]))

    # Four classes: one-vs-rest L1 and L2, multinomial L2.
    X, y, Xt = dataset('multi', 300, 400, 30, 6, 4)
    cases.append(fit_case('multi_l1', 'multi_X', 'multi_y', X, y, Xt, 'l1', [0.05, 0.3, 1.0]))
    cases.append(fit_case('multi_l2_ovr', 'multi_X', 'multi_y', X, y, Xt, 'l2', [1.0], multi_class='ovr'))
    cases.append(fit_case('multi_l2_multinomial', 'multi_X', 'multi_y', X, y, Xt, 'l2', [0.1, 1.0, 10.0],
                          multi_class='multinomial'))
    msw = rng.uniform(0.5, 2.0, size=len(y))
    save('multi_sw', msw)
    cases.append(fit_case('multi_l2_multinomial_weighted', 'multi_X', 'multi_y', X, y, Xt, 'l2', [1.0],
                          multi_class='multinomial', sw=msw, swname='multi_sw'))

    # Standardised inputs, DFR style: raw features with offsets, mixed scales and a constant column.
    d = 48
    offsets = rng.normal(size=d) * 5
    scales = np.exp(rng.normal(size=d))
    Xraw, y, Xraw_t = dataset('std', 500, 400, d, 8, 2, offsets=offsets, scales=scales)
    Xraw[:, 7] = 3.25
    Xraw_t[:, 7] = 3.25
    save('std_X', Xraw)
    save('std_X_test', Xraw_t)
    scaler = StandardScaler().fit(Xraw)
    Xs, Xst = scaler.transform(Xraw), scaler.transform(Xraw_t)
    save('std_Xs', Xs)
    save('std_Xs_test', Xst)
    case = fit_case('std_l1', 'std_Xs', 'std_y', Xs, y, Xst, 'l1', DFR_GRID)
    case['scaler'] = {'mean': scaler.mean_.tolist(), 'scale': scaler.scale_.tolist(), 'raw': 'std_X'}
    cases.append(case)

    # Balanced accuracy, including a predicted class absent from y_true.
    yt = rng.integers(0, 3, size=257)
    yp = np.where(rng.uniform(size=257) < 0.7, yt, rng.integers(0, 4, size=257))
    save('bacc_true', yt)
    save('bacc_pred', yp)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        bacc = balanced_accuracy_score(yt, yp)

    meta = {
        'generator': 'scripts/golden/make-probe-fixtures.py',
        'sklearn': sklearn.__version__,
        'numpy': np.__version__,
        'python': sys.version.split()[0],
        'arrays': arrays,
        'cases': cases,
        'balancedAccuracy': {'yTrue': 'bacc_true', 'yPred': 'bacc_pred', 'value': float(bacc)},
    }
    with open(os.path.join(OUT, 'probes.json'), 'w') as f:
        json.dump(meta, f, indent=1)
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print(f'wrote {len(cases)} cases, {len(arrays)} arrays, {total / 1e6:.2f} MB to {os.path.normpath(OUT)}')


if __name__ == '__main__':
    main()
