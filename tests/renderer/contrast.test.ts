import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * WCAG AA contrast of the theme colours (renderer/src/styles.css), light and dark: text pairs
 * >= 4.5:1, large text (headings, the result title) and control boundaries / focus >= 3:1.
 */
const css = readFileSync(join(import.meta.dirname, '../../renderer/src/styles.css'), 'utf8');

function theme(block: string): Record<string, string> {
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!]));
}
const light = theme(css.slice(css.indexOf(':root {'), css.indexOf('@media (prefers-color-scheme: dark)')));
const dark = { ...light, ...theme(css.slice(css.indexOf('@media (prefers-color-scheme: dark)'), css.indexOf('* {'))) };

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const TEXT: [string, string][] = [
  ['text', 'bg'],
  ['text', 'surface'],
  ['muted', 'bg'],
  ['muted', 'surface'],
  ['on-primary', 'primary'],
  ['on-danger', 'danger'],
  ['on-success', 'success'],
  ['training-text', 'training-bg'],
  ['live-text', 'live-bg'],
  ['text', 'danger-bg'],
  ['text', 'warning-bg'],
  ['text', 'info-bg'],
  ['danger', 'bg'],
  ['danger', 'surface'],
  ['danger', 'danger-bg'],
  ['warning', 'bg'],
  ['warning', 'warning-bg'],
  ['success', 'surface'],
  ['muted', 'warning-bg'],
];
const NON_TEXT: [string, string][] = [
  ['border', 'surface'],
  ['border', 'bg'],
  ['focus', 'bg'],
  ['focus', 'surface'],
  ['primary', 'surface'],
];

describe.each([
  ['light', light],
  ['dark', dark],
])('%s theme contrast', (_name, colours) => {
  it.each(TEXT)('%s on %s >= 4.5:1', (fg, bg) => {
    expect(contrast(colours[fg]!, colours[bg]!)).toBeGreaterThanOrEqual(4.5);
  });
  it.each(NON_TEXT)('%s against %s >= 3:1', (fg, bg) => {
    expect(contrast(colours[fg]!, colours[bg]!)).toBeGreaterThanOrEqual(3);
  });
});

it('reads both themes from the stylesheet', () => {
  expect(Object.keys(light).length).toBeGreaterThan(15);
  expect(dark.bg).not.toBe(light.bg);
  expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
});
