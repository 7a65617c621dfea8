import type { Route } from './types.ts';

interface CompiledRoute {
  route: Route;
  segments: string[];
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** Matches `/users/{id}`-style templates segment by segment; a parameter never spans a `/`. */
export class Router {
  #routes: CompiledRoute[] = [];

  add(route: Route): void {
    this.#routes.push({ route, segments: route.path.split('/').filter(Boolean) });
  }

  match(method: string, path: string): RouteMatch | null {
    const parts = path.split('/').filter(Boolean);
    for (const { route, segments } of this.#routes) {
      if (route.method !== method || segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let matched = true;
      for (let index = 0; index < segments.length; index += 1) {
        const segment = segments[index] as string;
        const part = parts[index] as string;
        if (segment.startsWith('{')) {
          try {
            params[segment.slice(1, -1)] = decodeURIComponent(part);
          } catch {
            matched = false;
            break;
          }
        } else if (segment !== part) {
          matched = false;
          break;
        }
      }
      if (matched) return { route, params };
    }
    return null;
  }
}
