import type { Difference } from '../../../../electron/core/reports/index.ts';
import type { MessageKey } from '../../lib/i18n/en.ts';
import type { Translate } from '../../lib/i18n/translate.ts';
import { formatTime } from '../../lib/date-format.ts';
import { displayCurrency, formatMoney } from '../../lib/money-format.ts';

/**
 * A difference in words a person checks against a receipt: the card's title (amount, local time
 * in the business day's time zone, reference; the session id is only a detail) and one sentence
 * saying what differs, all from the message catalogue. The core's `detail` is the CLI's English.
 */
export interface DifferenceText {
  amount: string;
  time: string;
  reference: string;
  /** "€42.00 · 14:05:09 · BACK-ROOM-7" */
  title: string;
  detail: string;
}

export function differenceText(difference: Difference, t: Translate, locale: string, timeZone: string | undefined): DifferenceText {
  const { journal, viva } = difference;
  const money = (minor: number, code: string) => formatMoney(minor, code, locale);
  const state = (value: string | null) => (value ? t(`state.${value}` as MessageKey) : '—');
  // What the money was: Viva's record when it has one (it is what the card saw), else the journal's.
  const amount = viva ? money(viva.amount, viva.currencyCode) : journal ? money(journal.amount + journal.tipAmount, journal.currencyCode) : t('recon.title.noAmount');
  const at = viva?.occurredAt ?? journal?.createdAt ?? null;
  const time = at ? formatTime(at, locale, timeZone) : t('recon.title.noTime');
  const reference = journal?.merchantReference ?? viva?.merchantReference ?? t('recon.title.noReference');

  let detail: string;
  switch (difference.kind) {
    case 'viva-only': {
      const outcome = state(viva?.outcome ?? null);
      const till = viva?.cashRegisterId?.trim() || t('recon.noTill');
      detail =
        difference.otherTill !== null
          ? t('recon.detail.vivaOnlyOtherTill', { outcome, till: difference.otherTill })
          : t('recon.detail.viva-only', { outcome, till, terminal: viva?.terminalId ?? '—' });
      if (viva && viva.occurredAt === null) detail += ` ${t('recon.detail.noTime')}`;
      break;
    }
    case 'viva-unreadable':
      detail = t('recon.detail.viva-unreadable');
      break;
    case 'local-only':
      detail =
        journal?.state === 'approved'
          ? t('recon.detail.localApproved')
          : journal?.state === 'unknown'
            ? t('recon.detail.localUnknown')
            : t('recon.detail.local-only', { state: state(journal?.state ?? null) });
      break;
    case 'state-mismatch':
      detail = t('recon.detail.state-mismatch', { journal: state(journal?.state ?? null), viva: state(viva?.outcome ?? null) });
      if (viva?.outcome === 'approved' && journal?.state !== 'approved') detail += ` ${t('recon.detail.charged')}`;
      break;
    case 'amount-mismatch':
      detail = t('recon.detail.amount-mismatch', {
        viva: viva ? money(viva.amount, viva.currencyCode) : '—',
        journal: journal ? money(journal.amount + journal.tipAmount, journal.currencyCode) : '—',
      });
      break;
    case 'currency-mismatch':
      detail = t('recon.detail.currency-mismatch', { viva: currencyName(viva?.currencyCode), journal: currencyName(journal?.currencyCode) });
      break;
    case 'tip-mismatch':
      detail = t('recon.detail.tip-mismatch', {
        viva: viva ? money(viva.tipAmount, viva.currencyCode) : '—',
        journal: journal ? money(journal.tipAmount, journal.currencyCode) : '—',
      });
      break;
  }
  return { amount, time, reference, title: `${amount} · ${time} · ${reference}`, detail };
}

function currencyName(code: string | undefined): string {
  if (code === undefined) return '—';
  return displayCurrency(code)?.alpha ?? code;
}
