/**
 * The preload: exposes `window.rapport` and nothing else. It forwards only the contract's method
 * names; the main process validates every input again.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { METHOD_NAMES } from '../shared/contract';
import { IPC_EVENT, IPC_INVOKE, type RapportBridge } from '../shared/bridge';
import type { AppEvent } from '../shared/types';

const allowed = new Set<string>(METHOD_NAMES);

const bridge: RapportBridge = {
  platform: 'electron',
  invoke: (method, input) =>
    allowed.has(method)
      ? ipcRenderer.invoke(IPC_INVOKE, method, input)
      : Promise.resolve({ ok: false, error: { code: 'UNKNOWN_METHOD', message: 'That is not something Rapport can do.' } }),
  onEvent: (listener) => {
    const handler = (_e: IpcRendererEvent, event: AppEvent) => listener(event);
    ipcRenderer.on(IPC_EVENT, handler);
    return () => ipcRenderer.removeListener(IPC_EVENT, handler);
  },
};

contextBridge.exposeInMainWorld('rapport', bridge);
