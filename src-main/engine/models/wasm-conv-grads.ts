// Convolution gradients for tfjs-backend-wasm 4.22, which cannot train a CNN as shipped:
// Conv2DBackpropFilter is missing ("Kernel 'Conv2DBackpropFilter' not registered for backend
// 'wasm'") and Conv2DBackpropInput is a naive loop about 12x slower than the forward conv.
// Both gradients are rewritten as forward convolutions, which wasm runs through XNNPACK:
//   dX = conv(zero-dilated, padded dy, filter rotated 180 degrees with in/out channels swapped)
//   dW = conv(x as [Cin, H, W, N], dy as [OH, OW, N, Cout], dilation = stride), transposed
// Measured on 64x32x32x32 3x3: dX 867 -> 72 ms, dW (none) -> 117 ms, forward 72 ms.
// Other backends (cpu, tensorflow) have their own kernels and are left alone.
import type * as tfType from '@tensorflow/tfjs';

type Tf = typeof tfType;
type T4 = tfType.Tensor4D;

interface ConvGradAttrs {
  strides: number | [number, number];
  pad: 'same' | 'valid' | number;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

let installed = false;

/** Installs the gradient kernels on the wasm backend; a no-op elsewhere and when done before. */
export function ensureWasmConvGrads(tf: Tf): void {
  if (installed || tf.getBackend() !== 'wasm') return;
  installed = true;
  const engine = tf.engine();
  // Ops hand kernels their Tensor inputs; a bare TensorInfo (a backend calling in) is wrapped with
  // its own reference, so disposing the wrapper at the end of the tidy leaves the owner's data alone.
  const asTensor = (t: unknown): T4 => {
    if (t instanceof tf.Tensor) return t as T4;
    const wrapped = engine.makeTensorFromTensorInfo(t as tfType.TensorInfo) as T4;
    engine.backend.incRef(wrapped.dataId);
    return wrapped;
  };

  if (tf.getKernel('Conv2DBackpropInput', 'wasm')) tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
  tf.registerKernel({
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs }) => {
      const a = attrs as unknown as ConvGradAttrs & { inputShape: [number, number, number, number] };
      nhwcOnly(a);
      return tf.tidy(() => {
        const dy = asTensor(inputs.dy);
        const filter = asTensor(inputs.filter);
        const info = tf.backend_util.computeConv2DInfo(a.inputShape, filter.shape, a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
        const { top, left } = info.padInfo;
        const dyd = dilate(tf, dy, info.strideHeight, info.strideWidth);
        const kh = info.filterHeight;
        const kw = info.filterWidth;
        const rotated = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as T4;
        return convWithPadding(tf, dyd, rotated, 1, [
          [kh - 1 - top, info.inHeight + top - dyd.shape[1]],
          [kw - 1 - left, info.inWidth + left - dyd.shape[2]],
        ]);
      });
    },
  });

  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs }) => {
      const a = attrs as unknown as ConvGradAttrs & { filterShape: [number, number, number, number] };
      nhwcOnly(a);
      return tf.tidy(() => {
        const x = asTensor(inputs.x);
        const dy = asTensor(inputs.dy);
        const info = tf.backend_util.computeConv2DInfo(x.shape, a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
        const { top, left } = info.padInfo;
        // Exactly the rows and columns the forward pass read, zero rows for padding included.
        const needH = info.filterHeight + (info.outHeight - 1) * info.strideHeight;
        const needW = info.filterWidth + (info.outWidth - 1) * info.strideWidth;
        const xt = tf.transpose(x, [3, 1, 2, 0]) as T4; // [Cin, H, W, N]: batch becomes the reduced channel
        const dyt = tf.transpose(dy, [1, 2, 0, 3]) as T4; // [OH, OW, N, Cout]: dy becomes the filter
        const out = convWithPadding(
          tf,
          xt,
          dyt,
          [info.strideHeight, info.strideWidth],
          [
            [top, needH - info.inHeight - top],
            [left, needW - info.inWidth - left],
          ],
        ); // [Cin, KH, KW, Cout]
        return tf.transpose(out, [1, 2, 0, 3]);
      });
    },
  });
}

function nhwcOnly(a: ConvGradAttrs): void {
  if (a.dataFormat === 'NCHW') throw new Error('The wasm convolution gradients support NHWC tensors only.');
}

/**
 * Inserts (stride - 1) zeros after every row and column of dy, in one pad of a 6-D view (wasm's
 * Concat and Slice are several times slower than Pad). The trailing zeros are harmless: they sit
 * past the last input row the convolution reads, and the bottom/right padding is reduced to match.
 */
function dilate(tf: Tf, t: T4, sh: number, sw: number): T4 {
  if (sh === 1 && sw === 1) return t;
  const [n, h, w, c] = t.shape;
  const padded = tf.pad(tf.reshape(t, [n, h, 1, w, 1, c]), [
    [0, 0],
    [0, 0],
    [0, sh - 1],
    [0, 0],
    [0, sw - 1],
    [0, 0],
  ]);
  return tf.reshape(padded, [n, h * sh, w * sw, c]);
}

/**
 * A stride-1 convolution with per-side padding given as [[top, bottom], [left, right]]. Positive
 * sides are passed to XNNPACK as explicit padding (no padded copy); a negative side means the
 * output would extend past the wanted range, so the convolution runs unpadded there and the
 * result is trimmed.
 */
function convWithPadding(
  tf: Tf,
  x: T4,
  filter: T4,
  dilation: number | [number, number],
  hw: [[number, number], [number, number]],
): T4 {
  const [[t, b], [l, r]] = hw;
  const pad: [[number, number], [number, number], [number, number], [number, number]] = [
    [0, 0],
    [Math.max(0, t), Math.max(0, b)],
    [Math.max(0, l), Math.max(0, r)],
    [0, 0],
  ];
  let out = tf.conv2d(x, filter, 1, pad, 'NHWC', dilation);
  if (t < 0 || b < 0 || l < 0 || r < 0) {
    const [n, h, w, c] = out.shape;
    const top = Math.max(0, -t);
    const left = Math.max(0, -l);
    out = tf.slice(out, [0, top, left, 0], [n, h - top - Math.max(0, -b), w - left - Math.max(0, -r), c]);
  }
  return out;
}
