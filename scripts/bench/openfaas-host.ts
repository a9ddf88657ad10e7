// Child process of bench:openfaas: one sandbox with OpenFaaS CE (no Knative), its gateway address and admin
// credentials on stdout as one JSON line, served until killed.
import { startSandbox } from '../../server/clusters/sandbox/sandbox-server.js';

const sandbox = await startSandbox({ knative: false });
if (!sandbox.openfaas) throw new Error('OpenFaaS is not installed');
process.stdout.write(`${JSON.stringify({ gateway: sandbox.openfaas, pid: process.pid })}\n`);
// A clean exit on the benchmark's kill, so that --cpu-prof runs write their profile.
process.on('SIGTERM', () => process.exit(0));
