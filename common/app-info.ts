export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  arch: string;
  versions: { electron: string; chrome: string; node: string };
}
