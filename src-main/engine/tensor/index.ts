// Public surface of the compute core: the tfjs backend ladder, the dense kernels, tensor memory
// helpers and the environment report. Engine modules import from here or from the files directly.
export { backendInfo, configureBackend, getTf, isBackendUnavailable, BackendUnavailableError } from './backend.ts';
export type { BackendName, BackendPreference } from './backend.ts';
export {
  configureKernels,
  defaultBlockRows,
  forEachDistanceBlock,
  kernelEngine,
  kernelEngineDescription,
  kNearestDistances,
  kNearestNeighbours,
  matmul,
  pairwiseSquaredDistances,
} from './kernels.ts';
export type {
  DistanceBlockCallback,
  DistanceOptions,
  KernelEngineName,
  KernelPreference,
  NearestNeighbours,
  NearestOptions,
} from './kernels.ts';
export { assertNoTensorLeak, tidyRead, withTensors, withTidy, TensorLeakError } from './memory.ts';
export { describeEnvironment, formatEnvironment } from './environment.ts';
export type { EnvironmentReport } from './environment.ts';
