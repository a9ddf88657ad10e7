// kubeclass's faas-cli: the subset of OpenFaaS's CLI the lessons use, with its flags, output lines and errors,
// talking only to the gateway's REST API (so it also works against a real OpenFaaS). Learners' shells get it
// when no real faas-cli is installed.
import { deploy } from './commands/deploy.js';
import { describe } from './commands/describe.js';
import { invoke } from './commands/invoke.js';
import { list } from './commands/list.js';
import { login } from './commands/login.js';
import { remove } from './commands/remove.js';
import { store } from './commands/store.js';
import { version } from './commands/version.js';
import { CliError } from './gateway-client.js';

type Output = (text: string) => void;
type Command = (args: string[], out: Output, err: Output) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  login,
  deploy,
  list,
  ls: list,
  describe,
  invoke,
  remove,
  rm: remove,
  delete: remove,
  store,
  version,
};

const USAGE = `Manage your OpenFaaS functions from the command line

Usage:
  faas-cli [command]

Available Commands:
  deploy      Deploy OpenFaaS functions
  describe    Describe an OpenFaaS function
  invoke      Invoke an OpenFaaS function
  list        List OpenFaaS functions
  login       Log in to OpenFaaS gateway
  remove      Remove deployed OpenFaaS functions
  store       OpenFaaS store commands
  version     Display the clients version information

Use "faas-cli [command] --help" for more information about a command.
`;

export async function run(argv: string[], out: Output, err: Output): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out(USAGE);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    err(`Error: unknown command "${name}" for "faas-cli"\nRun 'faas-cli --help' for usage.\n`);
    return 1;
  }
  try {
    return await command(rest, out, err);
  } catch (error) {
    if (error instanceof CliError) {
      err(`Error: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
