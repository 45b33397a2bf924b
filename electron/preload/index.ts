import { contextBridge, ipcRenderer } from 'electron';
import { API_KEY } from '../contract/api.ts';
import { buildEcrApi } from './build-api.ts';

// The whole preload: exactly one object, window.ecr, generated from the contract.
contextBridge.exposeInMainWorld(API_KEY, buildEcrApi(ipcRenderer));
