// The save dialog for exports: the admin picks the file; main writes it.
import { BrowserWindow, dialog, type WebContents } from 'electron';

export async function chooseExportPath(
  sender: WebContents,
  format: 'csv' | 'json',
  name: string,
): Promise<string | null> {
  const window = BrowserWindow.fromWebContents(sender);
  const options = {
    title: 'Export users',
    defaultPath: `${name}.${format}`,
    filters: [format === 'csv' ? { name: 'CSV', extensions: ['csv'] } : { name: 'JSON', extensions: ['json'] }],
  };
  const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}
