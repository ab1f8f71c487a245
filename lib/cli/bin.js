#!/usr/bin/env node
// Node 20 does not strip TypeScript types: tsx's loader lets the CLI and users' services run as .ts.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
