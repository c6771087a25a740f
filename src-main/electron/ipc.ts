// Binds the Api to ipcMain. Every call goes through the same dispatcher as HTTP (zod-validated
// input, serialized errors); events are forwarded to every window.
import { BrowserWindow, dialog, ipcMain } from 'electron';
import { z } from 'zod';
import type { AppContext } from '../service/app-context.ts';

const pickFileOptions = z.strictObject({
  title: z.string().max(200),
  filters: z.array(z.strictObject({ name: z.string().max(100), extensions: z.array(z.string().max(20)).max(20) })).max(10).optional(),
  directory: z.boolean().optional(),
});

export function bindIpc(ctx: AppContext): () => void {
  ipcMain.handle('api:call', (event, method: unknown, input: unknown) => {
    if (!isTrustedSender(event.senderFrame?.url)) return { ok: false, error: { name: 'Forbidden', message: 'Untrusted sender.' } };
    return ctx.dispatch(method, input);
  });
  ipcMain.handle('dialog:pickFile', async (event, raw: unknown) => {
    const opts = pickFileOptions.parse(raw);
    const win = BrowserWindow.fromWebContents(event.sender);
    const props: ('openFile' | 'openDirectory')[] = [opts.directory ? 'openDirectory' : 'openFile'];
    const result = win
      ? await dialog.showOpenDialog(win, { title: opts.title, filters: opts.filters, properties: props })
      : await dialog.showOpenDialog({ title: opts.title, filters: opts.filters, properties: props });
    return result.canceled ? null : (result.filePaths[0] ?? null);
  });
  const unsubscribe = ctx.subscribe((name, payload) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send('api:event', name, payload);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler('api:call');
    ipcMain.removeHandler('dialog:pickFile');
  };
}

/** Only our own pages (the bundled file, or the dev server in development) may call the Api. */
function isTrustedSender(url: string | undefined): boolean {
  if (!url) return false;
  if (url.startsWith('file://')) return true;
  const dev = process.env.ELECTRON_RENDERER_URL;
  return !!dev && url.startsWith(dev);
}
