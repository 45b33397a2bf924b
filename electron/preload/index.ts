import { contextBridge } from 'electron';

// The typed window.ecr API generated from the contract arrives with the shell issue.
contextBridge.exposeInMainWorld('ecr', { version: 1 });
