import { BrowserWindow } from 'electron';

/**
 * The printable Z report (reports/html.ts, self-contained, no scripts) as PDF: rendered in a
 * hidden, sandboxed window with JavaScript off, printed with Electron's printToPDF, then closed.
 */
export async function printHtmlToPdf(html: string): Promise<Uint8Array> {
  const window = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webSecurity: true },
  });
  try {
    await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    return await window.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
  } finally {
    window.destroy();
  }
}
