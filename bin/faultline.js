#!/usr/bin/env node
// The `faultline` command. Runs the TypeScript sources through tsx's loader, so the CLI, the
// browser-mode server and the job workers share one code path with the tests.
import { register } from 'tsx/esm/api';

register();
await import('../src-main/cli/main.ts');
