// The only bridge between the sandboxed renderer and the main process: exactly the Api's call
// and events, plus a file picker. Nothing of Node or Electron leaks into the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

const CALL = 'api:call';
const EVENT = 'api:event';
const PICK = 'dialog:pickFile';

contextBridge.exposeInMainWorld('faultline', {
  call: (method: string, input: unknown) => ipcRenderer.invoke(CALL, method, input),
  on: (event: string, cb: (payload: unknown) => void) => {
    const listener = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) cb(payload);
    };
    ipcRenderer.on(EVENT, listener);
    return () => ipcRenderer.removeListener(EVENT, listener);
  },
  pickFile: (opts: unknown) => ipcRenderer.invoke(PICK, opts),
});
