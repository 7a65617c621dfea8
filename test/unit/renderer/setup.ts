// Renderer tests: the fake bridge stands where the preload puts window.roster.
import { bridge } from './fake-bridge.ts';

Object.defineProperty(window, 'roster', { value: bridge, configurable: true });
