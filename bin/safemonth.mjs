#!/usr/bin/env node
// The command line runs the TypeScript sources directly through tsx's loader,
// so there is no separate server build step to forget.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/server/main.ts', import.meta.url).href);
