import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { appearance } from './lib/appearance.svelte.ts';

const target = document.getElementById('app');
if (!target) throw new Error('The page has no #app element.');
// The theme before the first paint.
appearance.start();
mount(App, { target });
