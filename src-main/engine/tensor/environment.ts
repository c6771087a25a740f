// What `faultline doctor` prints: the machine, the chosen tensor backend and kernel engine, and
// the native pieces (onnxruntime-node, sharp) with the reason when one is unusable.
import os from 'node:os';
import type { BackendInfo } from '../../../src-shared/api.ts';
import { backendInfo, getTf } from './backend.ts';
import { reasonOf } from './backend-ladder.ts';
import { coreCount, cpuModel } from './cpu-facts.ts';
import { loadOrt, type ExecutionProviderStatus } from './ort-loader.ts';

export interface EnvironmentReport {
  node: string;
  platform: string;
  cpu: { model: string; cores: number };
  memory: { totalBytes: number; freeBytes: number };
  tfjs: { version: string | null };
  backend: { ok: true; info: BackendInfo } | { ok: false; error: string };
  onnxruntime: { ok: true; version: string; executionProviders: ExecutionProviderStatus[] } | { ok: false; error: string };
  sharp: { ok: true; version: string; libvips: string | null } | { ok: false; error: string };
}

async function sharpStatus(): Promise<EnvironmentReport['sharp']> {
  try {
    const specifier = 'sharp';
    const mod = (await import(specifier)) as { default?: { versions?: Record<string, string> }; versions?: Record<string, string> };
    const versions = (mod.default ?? mod).versions ?? {};
    return { ok: true, version: versions.sharp ?? 'unknown', libvips: versions.vips ?? null };
  } catch (error) {
    return { ok: false, error: reasonOf(error) };
  }
}

/** Starts the backend ladder if nothing has yet (so its choice and reasons can be shown). */
export async function describeEnvironment(): Promise<EnvironmentReport> {
  let backend: EnvironmentReport['backend'];
  let tfjsVersion: string | null = null;
  try {
    const tf = await getTf();
    tfjsVersion = tf.version?.tfjs ?? tf.version?.['tfjs-core'] ?? null;
    const info = backendInfo();
    backend = info ? { ok: true, info } : { ok: false, error: 'backend not chosen' };
  } catch (error) {
    backend = { ok: false, error: reasonOf(error) };
  }
  const ort = await loadOrt();
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()} (${os.arch()})`,
    cpu: { model: cpuModel(), cores: coreCount() },
    memory: { totalBytes: os.totalmem(), freeBytes: os.freemem() },
    tfjs: { version: tfjsVersion },
    backend,
    onnxruntime: ort.ok ? { ok: true, version: ort.version, executionProviders: ort.providers } : { ok: false, error: ort.reason },
    sharp: await sharpStatus(),
  };
}

/** Plain-text rendering for the CLI, one fact per line. */
export function formatEnvironment(report: EnvironmentReport): string {
  const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  const lines = [
    `node        ${report.node}`,
    `platform    ${report.platform}`,
    `cpu         ${report.cpu.model}, ${report.cpu.cores} core${report.cpu.cores === 1 ? '' : 's'}`,
    `memory      ${gib(report.memory.totalBytes)} total, ${gib(report.memory.freeBytes)} free`,
    `tfjs        ${report.tfjs.version ?? 'unknown'}`,
  ];
  if (report.backend.ok) {
    const { info } = report.backend;
    lines.push(`backend     ${info.name} on ${info.device}`);
    for (const s of info.skipped) lines.push(`  skipped   ${s.backend}: ${s.reason}`);
    lines.push(`kernels     ${info.kernels}`);
  } else {
    lines.push(`backend     unavailable: ${report.backend.error}`);
  }
  if (report.onnxruntime.ok) {
    lines.push(`onnxruntime ${report.onnxruntime.version}`);
    for (const p of report.onnxruntime.executionProviders) {
      lines.push(`  provider  ${p.name}: ${p.available ? 'available' : 'unavailable'} (${p.note})`);
    }
  } else {
    lines.push(`onnxruntime unavailable: ${report.onnxruntime.error}`);
  }
  lines.push(
    report.sharp.ok
      ? `sharp       ${report.sharp.version}${report.sharp.libvips ? ` (libvips ${report.sharp.libvips})` : ''}`
      : `sharp       unavailable: ${report.sharp.error}`,
  );
  return lines.join('\n');
}
