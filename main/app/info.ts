import type { App } from 'electron';
import type { AppInfo } from '../../common/app-info.ts';

export function getAppInfo(app: App): AppInfo {
  return {
    name: app.getName(),
    version: app.getVersion(),
    platform: process.platform,
    arch: process.arch,
    versions: {
      electron: process.versions.electron ?? 'unknown',
      chrome: process.versions.chrome ?? 'unknown',
      node: process.versions.node,
    },
  };
}
