import type { EmulatorContext } from '../context.ts';
import { Router } from '../http/router.ts';
import { authRoutes } from './auth.ts';
import { controlRoutes } from './control.ts';
import { userRoutes } from './users.ts';

export function buildRouter(emulator: EmulatorContext): Router {
  const router = new Router();
  for (const route of [...authRoutes(emulator), ...controlRoutes(emulator), ...userRoutes(emulator)]) router.add(route);
  return router;
}
