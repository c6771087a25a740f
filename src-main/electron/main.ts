// Electron main process: one window, the app context, IPC. Kept thin: everything it does is
// also reachable (and tested) through browser mode.
import { app, BrowserWindow, Menu, session, shell } from 'electron';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../server/http-server.ts';
import { createAppContext, type AppContext } from '../service/app-context.ts';
import { electronNativeBinding } from '../store/database.ts';
import { resolveStorePaths } from '../store/paths.ts';
import { bindIpc } from './ipc.ts';
import { utilityWorkerLauncher } from './utility-launcher.ts';

let ctx: AppContext | null = null;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    title: 'Faultline',
    show: false,
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  // Links open in the user's browser; the app window never navigates away from the app.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e, url) => {
    if (!url.startsWith('file://') && !(process.env.ELECTRON_RENDERER_URL && url.startsWith(process.env.ELECTRON_RENDERER_URL))) e.preventDefault();
  });
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void win.loadFile(join(__dirname, '../renderer/index.html'));
  return win;
}

function buildMenu(): void {
  const send = (command: 'import' | 'export') => ctx?.emit('menu:command', { command });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
      {
        label: 'File',
        submenu: [
          { label: 'Import dataset…', accelerator: 'CmdOrCtrl+O', click: () => send('import') },
          { label: 'Export report…', accelerator: 'CmdOrCtrl+E', click: () => send('export') },
          { type: 'separator' },
          process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
        ],
      },
      { role: 'editMenu' },
      { role: 'viewMenu' },
      { role: 'windowMenu' },
    ]),
  );
}

app.whenReady().then(() => {
  // CSP on every response, in addition to the page's meta tag.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  const appRoot = app.getAppPath();
  ctx = createAppContext({
    paths: resolveStorePaths(process.env.FAULTLINE_DB ?? join(app.getPath('userData'), 'faultline.db')),
    mode: 'electron',
    launcher: utilityWorkerLauncher(__dirname),
    nativeBinding: electronNativeBinding(appRoot),
  });
  bindIpc(ctx);
  buildMenu();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('before-quit', () => {
  ctx?.close();
  ctx = null;
});
