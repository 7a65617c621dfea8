import type { EmulatorContext } from '../context.ts';
import { Router } from '../http/router.ts';
import { authRoutes } from './auth.ts';
import { controlRoutes } from './control.ts';
import { jobRoutes } from './jobs.ts';
import { tenantRoutes } from './tenant.ts';
import { ticketRoutes } from './tickets.ts';
import { userActivityRoutes } from './user-activity.ts';
import { userIdentityRoutes } from './user-identities.ts';
import { userRoleRoutes } from './user-roles.ts';
import { userRoutes } from './users.ts';

export function buildRouter(emulator: EmulatorContext): Router {
  const router = new Router();
  const routes = [
    ...authRoutes(emulator),
    ...controlRoutes(emulator),
    ...userRoutes(emulator),
    ...userRoleRoutes(emulator),
    ...userActivityRoutes(emulator),
    ...userIdentityRoutes(emulator),
    ...tenantRoutes(emulator),
    ...jobRoutes(emulator),
    ...ticketRoutes(emulator),
  ];
  for (const route of routes) router.add(route);
  return router;
}
