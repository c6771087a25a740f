import os from 'node:os';

// One place for "how many cores may a kernel use", so ORT threads, wasm threads and the device
// descriptions agree. availableParallelism respects cgroup/affinity limits where cpus() does not.
export function coreCount(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

export function cpuModel(): string {
  return os.cpus()[0]?.model?.trim() || 'unknown CPU';
}
