// The faas-cli process: runs the command line and exits with its code.
import { run } from './main.js';

const code = await run(process.argv.slice(2), (t) => process.stdout.write(t), (t) => process.stderr.write(t));
process.exitCode = code;
