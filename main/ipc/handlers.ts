// Each channel of the contract, mapped to the service that answers it.
import type { App } from 'electron';
import { AppError } from '../errors.ts';
import { getAppInfo } from '../app/info.ts';
import { safeOpenExternal } from '../app/open-external.ts';
import type { Handlers } from './router.ts';

export interface HandlerDeps {
  app: App;
}

export function createHandlers({ app }: HandlerDeps): Handlers {
  return {
    'app:info': () => getAppInfo(app),
    'app:open-external': async ({ url }) => {
      if (!(await safeOpenExternal(url))) {
        throw new AppError('invalid_argument', 'Roster only opens https links to Auth0’s documentation and dashboard.');
      }
    },
  };
}
