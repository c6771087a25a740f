// Dev-only: the real App against the in-memory fake client, for screenshots and UI work while
// the backend is elsewhere. `?empty` starts with no datasets (first-launch path).
import { mount } from 'svelte';
import '../app.css';
import App from '../App.svelte';
import { createFakeClient } from './fake-client.ts';

const params = new URLSearchParams(location.search);
const client = createFakeClient({ empty: params.has('empty'), stepMs: Number(params.get('step') ?? 400) });
mount(App, { target: document.getElementById('app')!, props: { client } });
