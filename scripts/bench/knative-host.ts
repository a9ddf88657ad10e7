// Child process of bench:knative: one sandbox with Knative, its address, token, CA and gateway
// on stdout as one JSON line, served until killed.
import { startSandbox } from '../../server/clusters/sandbox/sandbox-server.js';

const sandbox = await startSandbox({ openfaas: false });
process.stdout.write(`${JSON.stringify({ url: sandbox.url, token: sandbox.token, caPem: sandbox.caPem, ingress: sandbox.ingress, pid: process.pid })}\n`);
