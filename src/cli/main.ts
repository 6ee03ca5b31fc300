#!/usr/bin/env node
// dflab's entry point. Loading a command that talks to the engine takes over half a second (dockerode and its
// transports among it); for `dflab plan --image NAME` dockerd then still spends seconds preparing the image's save
// before its first byte.
// So the save is asked for first, over node:http alone, and the layer read takes it up (engine/early-save.ts).
import { requestSaveEarly } from '../engine/early-save.js';

requestSaveEarly(process.argv.slice(2));
await import('./program.js');
