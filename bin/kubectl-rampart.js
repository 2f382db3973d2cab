#!/usr/bin/env node
// kubectl's plugin entry point: `kubectl rampart scan k8s/` runs `kubectl-rampart scan k8s/` from PATH,
// with the arguments after the plugin name. The same CLI as `rampart`, named as kubectl users type it.
import { processIo } from '../dist/cli/io.js';
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2), processIo(), 'kubectl rampart');
