/**
 * The app frame's shared state: ONE object, `app`, that every screen may read.
 *
 *   import { app } from '../../lib/app-state.svelte.ts';
 *   app.t('nav.journal')          // a message in the chosen language (reactive: re-renders on switch)
 *   app.locale                    // BCP 47 tag for Intl, e.g. formatMoney(minor, code, app.locale)
 *   app.language                  // 'en' | 'el'
 *   app.status                    // AppStatus | null (environment, training, state, online)
 *   app.settings                  // Settings | null (currency, defaultTerminalId, business day...)
 *   app.settingsView              // SettingsView | null (adds which credentials are set)
 *   app.online                    // false while Viva cannot be reached (connectivity event)
 *   app.screen / app.go(name)     // the screen shown by App.svelte
 *   app.refreshSettings()         // re-reads settings after a screen changed them
 *
 * Screens talk to the till only through `window.ecr` (typed in env.d.ts), each call wrapped in
 * `call(() => window.ecr.channel(input))` (lib/ipc-call.ts), and show an IPC failure with
 * <ErrorNotice error={...} /> (components/ErrorNotice.svelte), never silently.
 */
import type { IpcError } from '../../../electron/contract/envelope.ts';
import type { AppStatus, SettingsView } from '../../../electron/contract/views.ts';
import type { Settings } from '../../../electron/core/settings/schema.ts';
import { isLanguage, LOCALES, translate, type Language, type Translate } from './i18n/translate.ts';
import { call } from './ipc-call.ts';

export const SCREENS = ['checkout', 'journal', 'reconciliation', 'end-of-day', 'settings', 'head-office'] as const;
export type ScreenName = (typeof SCREENS)[number];

/** 'pt-BR' -> 'pt'; anything the till has no messages for -> English. */
export function languageOf(tag: string | undefined | null): Language {
  const base = (tag ?? '').split('-')[0] ?? '';
  return isLanguage(base) ? base : 'en';
}

export class AppState {
  status = $state<AppStatus | null>(null);
  settingsView = $state<SettingsView | null>(null);
  language = $state<Language>('en');
  screen = $state<ScreenName>('checkout');
  /** The last connectivity event (the status also carries it; whichever came last wins). */
  online = $state(true);
  /** A failure of the frame itself (loading status or settings, saving the language). */
  error = $state<IpcError | null>(null);
  loaded = $state(false);

  readonly t: Translate = (key, params) => translate(this.language, key, params);

  get locale(): string {
    return LOCALES[this.language];
  }

  get settings(): Settings | null {
    return this.settingsView?.settings ?? null;
  }

  get training(): boolean {
    return this.status?.training ?? false;
  }

  /** First run: no terminal chosen yet, so the till cannot take a payment. */
  get firstRun(): boolean {
    return this.loaded && this.settings !== null && this.settings.defaultTerminalId === null;
  }

  go(screen: ScreenName): void {
    this.screen = screen;
  }

  /** Reads status and settings and follows the till's events; returns the unsubscribe function. */
  async start(): Promise<() => void> {
    const offs = [
      window.ecr.on('status', (status) => {
        this.status = status;
        this.online = status.online;
      }),
      window.ecr.on('connectivity', (change) => {
        this.online = change.online;
      }),
    ];
    const status = await call(() => window.ecr.getStatus());
    if (status.ok) {
      this.status = status.value;
      this.online = status.value.online;
    } else this.error = status.error;
    await this.refreshSettings();
    this.loaded = true;
    return () => offs.forEach((off) => off());
  }

  async refreshSettings(): Promise<void> {
    const view = await call(() => window.ecr.getSettings());
    if (view.ok) this.applySettings(view.value);
    else this.error = view.error;
  }

  applySettings(view: SettingsView): void {
    this.settingsView = view;
    this.language = languageOf(view.settings.language);
  }

  /** Switches the language at once and persists it in the settings. */
  async setLanguage(language: Language): Promise<void> {
    this.language = language;
    const saved = await call(() => window.ecr.updateSettings({ language }));
    if (saved.ok) this.applySettings(saved.value);
    else this.error = saved.error;
  }
}

export const app = new AppState();
