// Builds the renderer for browser mode when it has not been built yet (a fresh clone).
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export function buildRenderer(repoRoot: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(repoRoot, 'src-renderer', 'vite.config.ts')], {
      cwd: repoRoot,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`Building the user interface failed (vite exited with ${code}).`))));
  });
}
