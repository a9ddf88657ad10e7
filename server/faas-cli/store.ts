// The function store faas-cli offers (`faas-cli store list|deploy`). The real one is fetched from GitHub; this
// one is built in, and holds the store functions the sandbox runs for real (their images are in its catalogue).
export interface StoreFunction {
  name: string;
  title: string;
  author: string;
  description: string;
  image: string;
  fprocess: string;
  environment?: Record<string, string>;
}

export const STORE: readonly StoreFunction[] = [
  { name: 'figlet', title: 'figlet', author: 'openfaas', description: 'Generate ASCII logos with the figlet CLI', image: 'ghcr.io/openfaas/figlet:latest', fprocess: 'figlet' },
  { name: 'env', title: 'env', author: 'openfaas', description: 'Print the environment variables of the function', image: 'ghcr.io/openfaas/alpine:latest', fprocess: 'env' },
  { name: 'shasum', title: 'SHA512 Sum', author: 'openfaas', description: 'Generate a SHA512 sum of the request body', image: 'ghcr.io/openfaas/alpine:latest', fprocess: 'sha512sum' },
  { name: 'wordcount', title: 'wordcount', author: 'openfaas', description: 'Count the lines, words and bytes of the request body', image: 'ghcr.io/openfaas/alpine:latest', fprocess: 'wc' },
  { name: 'base64', title: 'base64', author: 'openfaas', description: 'Encode the request body as base64', image: 'ghcr.io/openfaas/alpine:latest', fprocess: 'base64' },
  { name: 'echoit', title: 'echoit', author: 'openfaas', description: 'Echo back the request body', image: 'ghcr.io/openfaas/alpine:latest', fprocess: 'cat' },
  // The real store's sleep: a Go function, 2s unless X-Sleep (or X-Min-Sleep and X-Max-Sleep) says otherwise.
  { name: 'sleep', title: 'sleep', author: 'openfaas', description: 'Sleep for sleep_duration (2s) or the X-Sleep header, then answer', image: 'ghcr.io/openfaas/sleep:latest', fprocess: './handler', environment: { sleep_duration: '2s', combine_output: 'false' } },
  { name: 'nodeinfo', title: 'NodeInfo', author: 'openfaas', description: 'Get info about the machine that you\'re deployed on: hostname, arch, CPUs, memory, platform, uptime', image: 'ghcr.io/openfaas/nodeinfo:latest', fprocess: 'node index.js' },
  { name: 'markdown', title: 'Markdown Renderer', author: 'openfaas', description: 'Render the request body\'s Markdown as HTML', image: 'functions/markdown-render:latest', fprocess: './handler' },
];
