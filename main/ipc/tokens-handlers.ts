// The token inspector's channel. The pasted token is in the argument only: the router logs the
// channel name and timing, never arguments, and the inspector neither keeps nor logs it.
import type { TokenInspector } from '../tokens/token-inspector.ts';
import type { Handlers } from './router.ts';

export function createTokenHandlers(tokens: TokenInspector): Pick<Handlers, 'tokens:inspect'> {
  return {
    'tokens:inspect': (args, { signal }) => tokens.inspect(args, signal),
  };
}
